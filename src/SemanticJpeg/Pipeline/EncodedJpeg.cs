using SemanticJpeg.Saliency;

namespace SemanticJpeg.Pipeline;

/// <summary>The outcome of encoding one image in memory, before anything touches the disk.</summary>
public sealed class EncodedJpeg
{
    internal EncodedJpeg(byte[] data, SaliencyMap map)
    {
        Data = data;
        Map = map;
    }

    /// <summary>The complete JPEG file (SOI to EOI), baseline or progressive as asked.</summary>
    public byte[] Data { get; }

    /// <summary>The map the writer followed, at the image's size (the model's and detectors', or yours fitted to the photo).</summary>
    public SaliencyMap Map { get; }

    /// <summary>Size of the standard JPEG this was compared with (Quality mode), else null.</summary>
    public long? StandardBytes { get; init; }

    /// <summary>Mean of <see cref="Map"/>, in [0, 1].</summary>
    public double MeanSaliency { get; init; }

    /// <summary>The strength the RD writer used (block weight a_b + k x saliency, a_b the block's perceptual factor, mean 1); 0 for fixed-quality encodes.</summary>
    public double Strength { get; init; }

    /// <summary>Share of the image whose saliency is at least 0.5.</summary>
    public double SalientArea { get; init; }

    /// <summary>Time for saliency and encoding (not file I/O).</summary>
    public TimeSpan Elapsed { get; init; }
}
