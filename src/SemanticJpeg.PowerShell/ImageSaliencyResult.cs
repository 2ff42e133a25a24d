using SemanticJpeg.Saliency;
using SemanticJpeg.Saliency.Detection;

namespace SemanticJpeg.PowerShell;

/// <summary>What Get-ImageSaliency returns for each image.</summary>
public sealed class ImageSaliencyResult
{
    public string Source { get; init; } = string.Empty;

    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>Side of the square blocks in <see cref="Blocks"/> (8: one JPEG luma block).</summary>
    public int BlockSize { get; init; }

    public int BlocksWide { get; init; }

    public int BlocksHigh { get; init; }

    /// <summary>Mean saliency of each block, row-major, 0..1.</summary>
    public float[] Blocks { get; init; } = [];

    public double MeanSaliency { get; init; }

    /// <summary>Share of pixels with saliency of at least 0.5.</summary>
    public double SalientArea { get; init; }

    /// <summary>The full-resolution map (Width x Height values in Map.Values, built when first read).</summary>
    public SaliencyMap? Map { get; init; }

    /// <summary>Files written by -OutFile / -OverlayFile.</summary>
    public string[] Files { get; init; } = [];

    public string Model { get; init; } = string.Empty;

    /// <summary>The detectors that ran (-Detect).</summary>
    public string Detect { get; init; } = string.Empty;

    /// <summary>Faces found: box in image pixels (X, Y, Width, Height) and score 0..1, best first.</summary>
    public FaceDetection[] Faces { get; init; } = [];

    /// <summary>
    /// Share of the photo (0..1) the person segmenter marks as person (probability of at least 0.5);
    /// 0 when People did not run. The segmenter also marks animals and other close-up subjects.
    /// </summary>
    public double PersonArea { get; init; }

    public TimeSpan Elapsed { get; init; }
}
