using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Metrics;

/// <summary>Argument checks shared by the metrics, so every one fails the same way.</summary>
internal static class MetricInputs
{
    public static void CheckPair(PixelImage reference, PixelImage distorted)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        if (reference.Width != distorted.Width || reference.Height != distorted.Height)
            throw new ArgumentException(
                $"Images differ in size: reference {reference.Width}x{reference.Height}, distorted {distorted.Width}x{distorted.Height}.",
                nameof(distorted));
    }

    public static void CheckWeights(PixelImage reference, SaliencyMap weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Width != reference.Width || weights.Height != reference.Height)
            throw new ArgumentException(
                $"Weight map is {weights.Width}x{weights.Height} but the images are {reference.Width}x{reference.Height}.",
                nameof(weights));
    }
}
