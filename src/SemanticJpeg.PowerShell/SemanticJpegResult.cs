namespace SemanticJpeg.PowerShell;

/// <summary>What ConvertTo-SemanticJpeg -PassThru returns for each file it wrote.</summary>
public sealed class SemanticJpegResult
{
    /// <summary>Source file (or the image's file name for -InputObject).</summary>
    public string Source { get; init; } = string.Empty;

    public string Destination { get; init; } = string.Empty;

    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>Size of the semantic JPEG written.</summary>
    public long Bytes { get; init; }

    /// <summary>Size of the standard JPEG (Magick.NET, same quality and subsampling) it was sized against; null outside -Quality mode.</summary>
    public long? StandardBytes { get; init; }

    /// <summary>Uncompressed 24-bit size divided by <see cref="Bytes"/>.</summary>
    public double CompressionRatio { get; init; }

    /// <summary>Bits per pixel of the output.</summary>
    public double BitsPerPixel { get; init; }

    /// <summary>Mean of the saliency map, 0..1.</summary>
    public double MeanSaliency { get; init; }

    /// <summary>Share of the image with saliency of at least 0.5.</summary>
    public double SalientArea { get; init; }

    /// <summary>
    /// The strength the writer used: each block's error counted 1 + Strength x its saliency. Chosen per image
    /// unless -Strength was given; 0 for -SalientQuality/-BackgroundQuality encodes.
    /// </summary>
    public double Strength { get; init; }

    /// <summary>How the size was decided: Quality 75, TargetSize 250000, Regions 90/50.</summary>
    public string Mode { get; init; } = string.Empty;

    public TimeSpan Elapsed { get; init; }

    internal IReadOnlyList<string> Warnings { get; init; } = [];

    internal IReadOnlyList<string> Notes { get; init; } = [];
}
