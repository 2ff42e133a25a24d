using SemanticJpeg.Imaging;

namespace SemanticJpeg.Saliency.Detection;

/// <summary>Draws face boxes onto an overlay (in place): a 2-pixel cyan frame (3 px from 1000 px up), a colour the heat-map palette never uses.</summary>
internal static class FaceBoxPainter
{
    private static readonly byte[] Colour = [0, 255, 255];

    public static PixelImage Draw(PixelImage image, IReadOnlyList<FaceDetection> faces)
    {
        if (faces.Count == 0) return image;
        if (image.Channels != 3) throw new ArgumentException("Face boxes are drawn on RGB overlays.", nameof(image));
        int thickness = Math.Max(image.Width, image.Height) >= 1000 ? 3 : 2;
        foreach (var f in faces)
        {
            int x0 = Math.Clamp((int)f.X, 0, image.Width - 1), x1 = Math.Clamp((int)MathF.Ceiling(f.Right) - 1, 0, image.Width - 1);
            int y0 = Math.Clamp((int)f.Y, 0, image.Height - 1), y1 = Math.Clamp((int)MathF.Ceiling(f.Bottom) - 1, 0, image.Height - 1);
            for (int t = 0; t < thickness; t++)
            {
                for (int x = x0; x <= x1; x++) { Set(image, x, Math.Min(y0 + t, y1)); Set(image, x, Math.Max(y1 - t, y0)); }
                for (int y = y0; y <= y1; y++) { Set(image, Math.Min(x0 + t, x1), y); Set(image, Math.Max(x1 - t, x0), y); }
            }
        }
        return image;
    }

    private static void Set(PixelImage image, int x, int y) => Colour.CopyTo(image.Pixels, (y * image.Width + x) * 3);
}
