namespace SemanticJpeg.PowerShell;

/// <summary>What Measure-ImageQuality returns: full-reference quality of one image against its original.</summary>
public sealed class ImageQualityResult
{
    public string Reference { get; init; } = string.Empty;

    public string Path { get; init; } = string.Empty;

    public int Width { get; init; }

    public int Height { get; init; }

    public long Bytes { get; init; }

    public double BitsPerPixel { get; init; }

    /// <summary>PSNR over R, G and B, dB (+Infinity for identical images).</summary>
    public double PsnrRgb { get; init; }

    /// <summary>PSNR of luma (BT.601), dB.</summary>
    public double PsnrY { get; init; }

    public double Ssim { get; init; }

    public double MsSsim { get; init; }

    public double PsnrHvs { get; init; }

    public double PsnrHvsM { get; init; }

    /// <summary>PSNR weighted by the saliency map (or -Mask), dB; null with -NoSaliency.</summary>
    public double? PsnrSalient { get; init; }

    /// <summary>PSNR weighted by one minus the map, dB; null with -NoSaliency.</summary>
    public double? PsnrBackground { get; init; }

    /// <summary>Where the weights came from: the model's name, the mask's path, or none.</summary>
    public string Weights { get; init; } = string.Empty;
}
