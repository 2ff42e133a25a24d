using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Metrics;
using SemanticJpeg.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace SemanticJpeg.Tests.Jpeg;

/// <summary>
/// The rate controller's automatic strength (<see cref="RdRateController"/>): the file keeps the standard JPEG's
/// whole-image squared error and MS-SSIM, measured here independently on djpeg's decode, and a map with nothing
/// standing out gets no strength.
/// </summary>
public sealed class RdRateControllerTests(ITestOutputHelper output)
{
    private const double C2 = 0.03 * 255 * 0.03 * 255;

    [Theory]
    [InlineData("astronaut.png", 50)] // every 4th MCU row alone misjudged this photo's structure by 17 %
    [InlineData("astronaut.png", 75)]
    [InlineData("astronaut.png", 30)]
    [InlineData("coffee.png", 75)]
    [InlineData("rocket.jpg", 30)]
    [InlineData("rocket.jpg", 75)] // strongly coloured: the fitted chroma misses MS-SSIM even at k = 0 (by 10 %), the box average keeps it at k = 1.7
    public void Automatic_strength_keeps_the_standard_jpegs_squared_error_and_msssim(string photo, int quality)
    {
        var image = SampleImages.Load(photo);
        int w = image.Width, h = image.Height;
        using var encoder = new RegionQualityEncoder(image, JpegTestHelpers.CentreWeighted(w, h), new JpegWriterOptions());
        var standard = encoder.EncodeUniform(quality).Data;
        var ours = encoder.EncodeOptimized(standard.Length, strength: null, referenceQuality: quality);
        var ds = Djpeg.Decode(standard);
        var dr = Djpeg.Decode(ours.Data);
        // Squared error relative to the standard's, from the PSNRs (same pixel count, so their ratio is the SSE ratio).
        double sseS = 1, sseR = Math.Pow(10, (ImageDiff.Psnr(image, ds) - ImageDiff.Psnr(image, dr)) / 10);
        double strS = Structural(image, ds), strR = Structural(image, dr);
        double lossS = 1 - MsSsim.Compute(image, ds), lossR = 1 - MsSsim.Compute(image, dr);
        output.WriteLine($"{photo} Q{quality}: strength {ours.Strength:F2}; squared error {sseR / sseS:P1} of the standard's, " +
                         $"MS-SSIM loss {lossR / lossS:P1} ({1 - lossR:F5} against {1 - lossS:F5}), block structural proxy {strR / strS:P1}");
        Assert.True(ours.Strength >= 0);
        Assert.InRange(ours.Data.Length, (long)Math.Ceiling(0.99 * standard.Length), standard.Length);
        // The bound is held on the coefficients with a 1 % margin; decoding (IDCT, upsampling, rounding) adds
        // its own error to both files, so allow 1 % here.
        Assert.True(sseR <= sseS * 1.01, $"squared error {sseR / sseS:P1} of the standard's");
        Assert.True(lossR <= lossS * 1.01, $"MS-SSIM {1 - lossR:F5} against the standard's {1 - lossS:F5}");
    }

    [Fact]
    public void A_file_that_favours_no_subject_has_finer_chroma_steps_than_one_with_a_subject()
    {
        var image = SampleImages.Load("chelsea.png");
        using var encoder = new RegionQualityEncoder(image, JpegTestHelpers.Half(image.Width, image.Height, right: true), new JpegWriterOptions());
        var plain = JpegTestHelpers.QuantTables(encoder.EncodeOptimizedAtQuality(50, strength: 0).Data);
        var subject = JpegTestHelpers.QuantTables(encoder.EncodeOptimizedAtQuality(50, strength: 2).Data);
        Assert.Equal(subject[0], plain[0]); // luma: the same tables
        double ratio = StepSum(plain[1]) / StepSum(subject[1]);
        output.WriteLine($"chroma steps with no subject / with one: {ratio:F3}");
        Assert.InRange(ratio, RdTables.NoSubjectChromaScale - 0.05, RdTables.NoSubjectChromaScale + 0.05);
    }

    [Theory]
    [InlineData("chelsea.png", 50)]
    [InlineData("rocket.jpg", 75)] // strongly coloured: the finer chroma takes the luma bits that keep MS-SSIM
    public void A_file_with_no_subject_keeps_finer_chroma_only_where_it_keeps_the_standard_msssim(string photo, int quality)
    {
        var image = SampleImages.Load(photo);
        using var encoder = new RegionQualityEncoder(image, BlockImportance.Uniform(image.Width, image.Height), new JpegWriterOptions());
        var standard = encoder.EncodeUniform(quality).Data;
        var ours = encoder.EncodeOptimized(standard.Length, strength: 0, referenceQuality: quality);
        // The table scale moves with the size search, so the chroma/luma step ratio tells which chroma the file
        // kept, against the tables' own ratio (a file with a subject, same shape).
        double Ratio(byte[] jpeg) { var t = JpegTestHelpers.QuantTables(jpeg); return StepSum(t[1]) / StepSum(t[0]); }
        using var withSubject = new RegionQualityEncoder(image, JpegTestHelpers.Half(image.Width, image.Height, right: true), new JpegWriterOptions());
        double ratio = Ratio(ours.Data), standardRatio = Ratio(withSubject.EncodeOptimizedAtQuality(quality, strength: 2).Data);
        bool keptFiner = ratio < standardRatio * 0.85;
        double lossS = 1 - MsSsim.Compute(image, Djpeg.Decode(standard)), lossR = 1 - MsSsim.Compute(image, Djpeg.Decode(ours.Data));
        output.WriteLine($"{photo} Q{quality}: chroma/luma steps {ratio:F3} (tables' own {standardRatio:F3}), finer kept: {keptFiner}; " +
                         $"MS-SSIM {1 - lossR:F5} against the standard's {1 - lossS:F5}");
        Assert.InRange(ours.Data.Length, (long)Math.Ceiling(0.99 * standard.Length), standard.Length);
        if (keptFiner) Assert.True(lossR <= lossS * 1.01, $"finer chroma kept with MS-SSIM {1 - lossR:F5} against {1 - lossS:F5}");
        Assert.Equal(photo == "chelsea.png", keptFiner);
    }

    /// <summary>The sum of a table's steps, from <see cref="JpegTestHelpers.QuantTables"/>' "id:v,v,..." form.</summary>
    private static double StepSum(string table) => table.Split(':')[1].Split(',').Select(int.Parse).Sum();

    [Fact]
    public void A_map_where_nothing_stands_out_gets_no_strength()
    {
        var image = SampleImages.Load("chelsea.png");
        var flat = new float[((image.Width + 7) / 8) * ((image.Height + 7) / 8)];
        Array.Fill(flat, 0.6f);
        using var encoder = new RegionQualityEncoder(image, new BlockImportance((image.Width + 7) / 8, (image.Height + 7) / 8, flat), new JpegWriterOptions());
        long target = encoder.EncodeUniform(60).Data.Length;
        var r = encoder.EncodeOptimized(target, strength: null, referenceQuality: 60);
        Assert.Equal(0, r.Strength);
        Assert.InRange(r.Data.Length, (long)Math.Ceiling(0.99 * target), target);
    }

    /// <summary>sum over 8x8 luma blocks of mse_b / (2 var_b + C2), var_b the original block's variance.</summary>
    private static double Structural(PixelImage original, PixelImage decoded)
    {
        double total = 0;
        for (int by = 0; by + 8 <= original.Height; by += 8)
        for (int bx = 0; bx + 8 <= original.Width; bx += 8)
        {
            double sum = 0, sum2 = 0, err = 0;
            for (int y = by; y < by + 8; y++)
            for (int x = bx; x < bx + 8; x++)
            {
                double yo = Luma(original, x, y), yd = Luma(decoded, x, y);
                sum += yo;
                sum2 += yo * yo;
                err += (yo - yd) * (yo - yd);
            }
            double var = sum2 / 64 - (sum / 64) * (sum / 64);
            total += err / 64 / (2 * var + C2);
        }
        return total;
    }

    private static double Luma(PixelImage image, int x, int y)
    {
        int i = (y * image.Width + x) * image.Channels;
        return image.Channels == 1 ? image.Pixels[i] : 0.299 * image.Pixels[i] + 0.587 * image.Pixels[i + 1] + 0.114 * image.Pixels[i + 2];
    }
}
