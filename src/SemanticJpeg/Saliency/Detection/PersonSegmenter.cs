using SemanticJpeg.Imaging;

namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// MediaPipe Selfie Segmentation (general model): the photo is stretched to 256x256 (as MediaPipe
/// feeds it), scaled to [0, 1], and the sigmoid output is the person probability per cell.
/// </summary>
internal static class PersonSegmenter
{
    public const string ModelName = "selfie";

    private static readonly string[] Output = ["activation_10"];

    /// <param name="image">The photo.</param>
    /// <param name="threads">The network's intra-op threads (0 = the default, <see cref="DetectorSession.DefaultThreads"/>).</param>
    public static PersonMask Segment(PixelImage image, int threads = 0)
    {
        var session = DetectorSession.Get(ModelName, threads);
        int size = session.Manifest.InputWidth;
        var input = TensorSampler.Sample(image, size, letterbox: false, scale: 1f / 255f, offset: 0f, pad: 0f, out _);
        var mask = session.Run(input, Output)[0];
        return new PersonMask(size, session.Manifest.InputHeight, mask);
    }
}
