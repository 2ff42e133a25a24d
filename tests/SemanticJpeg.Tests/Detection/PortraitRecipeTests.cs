using Xunit;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Metrics;
using SemanticJpeg.Pipeline;
using SemanticJpeg.Saliency.Detection;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Detection;

/// <summary>
/// The portrait recipe the README and the help give (<c>-Detect Faces -Strength 4</c>): at the size of a
/// standard JPEG, the hand-labelled face gains clearly more than with the default map, while the whole
/// photo stays near the standard JPEG's PSNR.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class PortraitRecipeTests
{
    /// <summary>PSNR inside a box: the region metric with a 0/1 mask.</summary>
    private static double BoxPsnr(PixelImage source, PixelImage decoded, int x0, int y0, int w, int h)
    {
        var mask = new float[source.PixelCount];
        for (int y = y0; y < y0 + h; y++) mask.AsSpan(y * source.Width + x0, w).Fill(1f);
        return RegionPsnr.Weighted(source, decoded, mask);
    }

    [Fact]
    public void A_face_only_map_with_strength_4_lifts_the_face_at_the_standard_global_psnr()
    {
        var photo = FaceDetectorTests.Load("examples/images/astronaut.png");
        byte[] standardFile = StandardJpegReference.Encode(photo, 50, ChromaSubsampling.Yuv420);
        var standard = Djpeg.Decode(standardFile);
        long target = standardFile.LongLength;
        PixelImage Encode(SemanticJpegOptions options) =>
            Djpeg.Decode(SemanticJpegEncoder.Encode(new LoadedImage(photo, "TEST"), options with { Mode = RateMode.TargetSize, TargetBytes = target }).Data);
        var byDefault = Encode(new SemanticJpegOptions());
        var portrait = Encode(new SemanticJpegOptions { Detect = DetectionKinds.Faces, Strength = 4 });

        const int x = 180, y = 65, w = 90, h = 105; // the labelled face (FaceDetectorTests)
        double faceStandard = BoxPsnr(photo, standard, x, y, w, h);
        double faceDefault = BoxPsnr(photo, byDefault, x, y, w, h);
        double facePortrait = BoxPsnr(photo, portrait, x, y, w, h);
        Assert.True(facePortrait >= faceStandard + 2, $"face {facePortrait:F2} dB, standard JPEG {faceStandard:F2} dB");
        Assert.True(facePortrait >= faceDefault + 1, $"face {facePortrait:F2} dB, default map {faceDefault:F2} dB");
        double globalStandard = Psnr.Rgb(photo, standard), globalPortrait = Psnr.Rgb(photo, portrait);
        Assert.True(globalPortrait >= globalStandard - 0.3, $"whole photo {globalPortrait:F2} dB, standard JPEG {globalStandard:F2} dB");
    }
}
