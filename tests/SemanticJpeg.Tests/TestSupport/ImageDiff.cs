using SemanticJpeg.Imaging;

namespace SemanticJpeg.Tests.TestSupport;

/// <summary>Test-only PSNR over all channels, optionally restricted to a rectangle.</summary>
internal static class ImageDiff
{
    public static double Psnr(PixelImage a, PixelImage b) => Psnr(a, b, 0, 0, a.Width, a.Height);

    public static double Psnr(PixelImage a, PixelImage b, int x0, int y0, int width, int height)
    {
        if (a.Width != b.Width || a.Height != b.Height || a.Channels != b.Channels)
            throw new ArgumentException($"Images differ in shape: {a.Width}x{a.Height}x{a.Channels} vs {b.Width}x{b.Height}x{b.Channels}.");
        double sum = 0;
        long n = 0;
        int ch = a.Channels;
        for (int y = y0; y < y0 + height; y++)
        {
            var ra = a.Row(y);
            var rb = b.Row(y);
            for (int i = x0 * ch; i < (x0 + width) * ch; i++)
            {
                double d = ra[i] - rb[i];
                sum += d * d;
                n++;
            }
        }
        double mse = sum / n;
        return mse == 0 ? 99.0 : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
