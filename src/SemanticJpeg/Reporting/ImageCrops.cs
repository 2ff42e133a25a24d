using SemanticJpeg.Imaging;

namespace SemanticJpeg.Reporting;

/// <summary>Which part of the picture a close-up shows.</summary>
internal enum CropKind
{
    /// <summary>The most salient area (<see cref="SalientCrop.Find"/>).</summary>
    Subject,

    /// <summary>The least salient area (<see cref="SalientCrop.FindLeast"/>).</summary>
    Background,
}

/// <summary>
/// The same region cut from the original, the standard JPEG and the semantic JPEG, as PNG files,
/// for the side-by-side view of the report. Normally the most salient region (<see cref="SalientCrop"/>).
/// </summary>
/// <param name="Image">Name of the image, matching <see cref="ComparisonRow.Image"/>.</param>
/// <param name="Quality">Quality of the row it belongs to, matching <see cref="ComparisonRow.Quality"/>.</param>
/// <param name="OriginalPng">PNG bytes of the original crop.</param>
/// <param name="StandardPng">PNG bytes of the decoded standard JPEG, same crop.</param>
/// <param name="SemanticPng">PNG bytes of the decoded semantic JPEG, same crop.</param>
/// <param name="Region">Where the crop was taken, shown under the images; optional.</param>
internal sealed record ImageCrops(
    string Image,
    int Quality,
    byte[] OriginalPng,
    byte[] StandardPng,
    byte[] SemanticPng,
    CropRect? Region = null)
{
    /// <summary>Subject or background close-up.</summary>
    public CropKind Kind { get; init; } = CropKind.Subject;

    /// <summary>
    /// Cuts <paramref name="region"/> out of the three images and encodes each as PNG.
    /// </summary>
    public static ImageCrops Create(string image, int quality, PixelImage original, PixelImage standard, PixelImage semantic, CropRect region,
        CropKind kind = CropKind.Subject)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(standard);
        ArgumentNullException.ThrowIfNull(semantic);
        return new ImageCrops(image, quality, CropPng(original, region), CropPng(standard, region), CropPng(semantic, region), region) { Kind = kind };
    }

    /// <summary>PNG bytes of one rectangle of an image.</summary>
    public static byte[] CropPng(PixelImage image, CropRect region)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (region.X < 0 || region.Y < 0 || region.Width <= 0 || region.Height <= 0
            || region.X + region.Width > image.Width || region.Y + region.Height > image.Height)
            throw new ArgumentOutOfRangeException(nameof(region), region, $"Crop does not fit a {image.Width}x{image.Height} image.");
        int c = image.Channels;
        var pixels = new byte[region.Width * region.Height * c];
        for (int y = 0; y < region.Height; y++)
            image.Row(region.Y + y).Slice(region.X * c, region.Width * c).CopyTo(pixels.AsSpan(y * region.Width * c));
        return ImageCodec.EncodePng(new PixelImage(region.Width, region.Height, c, pixels));
    }
}
