using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

/// <summary>
/// Chroma fitted to the decoder's upsampler (<see cref="FittedDownsampler"/>, <see cref="ChromaUpsampler"/>):
/// the fit is the least-squares optimum, the model is the upsampler djpeg runs, and what the writer measures is
/// what djpeg shows.
/// </summary>
public sealed class ChromaFitTests
{
    /// <summary>A smooth random chroma plane (no clamping), <paramref name="w"/> x <paramref name="h"/> real inside the padding.</summary>
    private static Plane SmoothPlane(int w, int h, int paddedW, int paddedH, int seed)
    {
        var rng = new Random(seed);
        var p = new Plane(paddedW, paddedH);
        double fx = 0.2 + rng.NextDouble() * 0.3, fy = 0.2 + rng.NextDouble() * 0.3;
        for (int y = 0; y < paddedH; y++)
        for (int x = 0; x < paddedW; x++)
        {
            int cx = Math.Min(x, w - 1), cy = Math.Min(y, h - 1);
            p.Data[y * paddedW + x] = (float)(50 * Math.Sin(cx * fx) * Math.Cos(cy * fy) + 20 * (rng.NextDouble() - 0.5));
        }
        return p;
    }

    /// <summary>
    /// libjpeg's fancy upsampling written out directly (jdsample.c: h2v2/h2v1_fancy_upsample, 3/4 nearer + 1/4
    /// farther per direction, the edge sample replicated), in floats, over the real picture.
    /// </summary>
    private static double[,] Upsample(Plane sub, int width, int height, int fh, int fv)
    {
        int cw = (width + fh - 1) / fh, ch = (height + fv - 1) / fv;
        float At(int x, int y) => sub.Data[Math.Clamp(y, 0, ch - 1) * sub.Width + Math.Clamp(x, 0, cw - 1)];
        var result = new double[height, width];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            int sx = x / fh, sy = y / fv;
            int nx = fh == 1 ? sx : (x % 2 == 0 ? sx - 1 : sx + 1);
            int ny = fv == 1 ? sy : (y % 2 == 0 ? sy - 1 : sy + 1);
            double wx = fh == 1 ? 1 : 0.75, wy = fv == 1 ? 1 : 0.75;
            result[y, x] = wy * (wx * At(sx, sy) + (1 - wx) * At(nx, sy)) + (1 - wy) * (wx * At(sx, ny) + (1 - wx) * At(nx, ny));
        }
        return result;
    }

    private static double Error(Plane sub, Plane full, int width, int height, int fh, int fv)
    {
        var up = Upsample(sub, width, height, fh, fv);
        double sum = 0;
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            double d = up[y, x] - full.Data[y * full.Width + x];
            sum += d * d;
        }
        return sum;
    }

    [Theory]
    [InlineData(37, 23, 2, 2)]  // odd sizes: the last chroma sample covers one column or row
    [InlineData(32, 16, 2, 2)]
    [InlineData(45, 16, 2, 1)]
    public void The_fit_is_the_least_squares_optimum_of_the_upsampled_error(int w, int h, int fh, int fv)
    {
        int pw = (w + 8 * fh - 1) / (8 * fh) * 8 * fh, ph = (h + 8 * fv - 1) / (8 * fv) * 8 * fv;
        var full = SmoothPlane(w, h, pw, ph, seed: w + h);
        var fit = FittedDownsampler.Downsample(full, w, h, fh, fv, out double residual);
        var box = Downsampler.Downsample(full, fh, fv);
        double best = Error(fit, full, w, h, fh, fv);
        Assert.Equal(best, residual, best * 1e-3);
        Assert.True(best < 0.9 * Error(box, full, w, h, fh, fv), "the fit leaves less error than the box average");
        // Optimal: moving any real sample either way only adds error (the problem is convex).
        int cw = (w + fh - 1) / fh, ch = (h + fv - 1) / fv;
        var rng = new Random(3);
        for (int t = 0; t < 20; t++)
        {
            int i = rng.Next(ch) * fit.Width + rng.Next(cw);
            foreach (float delta in new[] { -0.05f, 0.05f })
            {
                fit.Data[i] += delta;
                Assert.True(Error(fit, full, w, h, fh, fv) >= best - 1e-6, $"sample {i} moved by {delta}");
                fit.Data[i] -= delta;
            }
        }
        // The padding replicates the last real sample, as the decoder's edge handling does.
        Assert.Equal(fit.Data[(ch - 1) * fit.Width + cw - 1], fit.Data[fit.Data.Length > 0 ? (fit.Height - 1) * fit.Width + fit.Width - 1 : 0]);
    }

    [Fact]
    public void A_constant_plane_fits_to_the_constant()
    {
        var full = new Plane(32, 32);
        Array.Fill(full.Data, 17.5f);
        var fit = FittedDownsampler.Downsample(full, 29, 31, 2, 2, out double residual);
        Assert.True(residual < 1e-2, $"residual {residual}");
        for (int i = 0; i < fit.Width * fit.Height; i++) Assert.Equal(17.5f, fit.Data[i], 3);
    }

    [Fact]
    public void The_residual_is_the_upsampled_error_where_the_fit_is_clamped_too()
    {
        // A hard edge between the extremes: the unconstrained fit overshoots the 8-bit range and is clamped.
        var full = new Plane(32, 32);
        for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++)
            full.Data[y * 32 + x] = x < 13 ? -128f : 127f;
        var fit = FittedDownsampler.Downsample(full, 32, 32, 2, 2, out double residual);
        Assert.Contains(fit.Data.Take(16 * 16), v => v is -128f or 127f);
        double direct = Error(fit, full, 32, 32, 2, 2);
        Assert.Equal(direct, residual, direct * 1e-3 + 1e-3);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, 1)]
    public void The_gain_is_each_basis_functions_energy_through_the_upsampler(int fh, int fv)
    {
        var gain = ChromaUpsampler.Gain(fh, fv);
        var zz = ZigZag.ToNatural;
        int w = 64 * fh, h = 64 * fv;
        var zero = new Plane(w, h);
        Array.Clear(zero.Data);
        foreach (int k in new[] { 0, 1, 2, 5, 9, 20, 35, 63 })
        {
            // One unit of error in coefficient k of a block well inside the picture.
            var sub = new Plane(64, 64);
            Array.Clear(sub.Data);
            int u = zz[k] % 8, v = zz[k] / 8;
            for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                sub.Data[(24 + y) * 64 + 24 + x] = (float)(Basis(u, x) * Basis(v, y));
            double energy = Error(sub, zero, w, h, fh, fv);
            Assert.Equal(energy, gain[k], 3);
        }
        Assert.Equal(Math.Pow(1.25 + 0.75 * 7 / 8.0, fv == 2 ? 2 : 1), gain[0], 4);
    }

    private static double Basis(int u, int n) =>
        (u == 0 ? Math.Sqrt(1.0 / 8) : Math.Sqrt(2.0 / 8)) * Math.Cos((2 * n + 1) * u * Math.PI / 16);

    [Theory]
    [InlineData(ChromaSubsampling.Yuv420)]
    [InlineData(ChromaSubsampling.Yuv422)]
    public void Djpeg_decodes_the_fitted_chroma_closer_to_the_original(ChromaSubsampling subsampling)
    {
        var image = SampleImages.Load("coffee.png");
        var importance = BlockImportance.Uniform(image.Width, image.Height);
        double Psnr(bool fit)
        {
            using var encoder = new RegionQualityEncoder(image, importance, new JpegWriterOptions { Subsampling = subsampling, FitChroma = fit });
            return ImageDiff.Psnr(image, Djpeg.Decode(encoder.EncodeOptimizedAtQuality(90).Data));
        }
        double box = Psnr(false), fitted = Psnr(true);
        Assert.True(fitted > box + 0.15, $"fitted {fitted:F2} dB, box {box:F2} dB");
    }

    [Theory]
    [InlineData(30)]
    [InlineData(75)]
    public void The_standard_files_error_is_measured_as_djpeg_decodes_it(int quality)
    {
        var image = SampleImages.Load("coffee.png");
        using var encoder = new RegionQualityEncoder(image, BlockImportance.Uniform(image.Width, image.Height), new JpegWriterOptions());
        double scale = QuantizationTables.LibjpegScale(quality);
        var plan = RdPlan.Create(scale, 1.0, 1f, [StandardHuffmanTables.LumaDc, StandardHuffmanTables.ChromaDc],
            [StandardHuffmanTables.LumaAc, StandardHuffmanTables.ChromaAc]);
        using var q = new QuantizedImage(encoder.Layout);
        var measured = encoder.StandardPass.Run(new RoundingQuantizer(plan.Reciprocals, plan.StepSquared, simd: true), q, new SymbolStatistics());
        var decoded = Djpeg.Decode(encoder.EncodeUniform(quality).Data);
        double truth = 0;
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            double d = image.Pixels[i] - decoded.Pixels[i];
            truth += d * d;
        }
        truth /= 3;  // RGB squared error per pixel: the mean over the channels
        // djpeg clips RGB to 0..255, which on coffee's dark cup removes 5 % of the error a float decode has; the
        // measure (without clipping) is 2-4 % above that float decode. Measured against its own box average, the
        // standard file's chroma error would be 5-13 % low on colourful photos instead.
        double ratio = measured.Distortion / truth;
        Assert.True(ratio is > 0.97 and < 1.10, $"Q{quality}: measured {measured.Distortion:E3}, djpeg {truth:E3}");
    }
}
