using SemanticJpeg.Imaging;

namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// The one entry point the pipeline calls: runs the detectors asked for and fuses their findings
/// with the object map (<see cref="SaliencyFusion"/>). The object map is computed only when
/// <see cref="DetectionKinds.Objects"/> is asked for, so <c>-Detect Faces,People</c> skips the
/// (far slower) object model.
/// </summary>
public static class SaliencyDetectors
{
    /// <param name="pixels">the photo (grey or RGB).</param>
    /// <param name="detect">what to use.</param>
    /// <param name="objectMap">computes the object map at the photo's size; called only for <see cref="DetectionKinds.Objects"/>.</param>
    /// <param name="found">what the detectors found.</param>
    public static SaliencyMap Compute(PixelImage pixels, DetectionKinds detect, Func<SaliencyMap> objectMap, out DetectionResult found)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(objectMap);
        var objects = detect.HasFlag(DetectionKinds.Objects) ? objectMap() : null;
        IReadOnlyList<FaceDetection> faces = detect.HasFlag(DetectionKinds.Faces) ? FaceDetector.Detect(pixels) : [];
        var people = detect.HasFlag(DetectionKinds.People) ? PersonSegmenter.Segment(pixels) : null;
        found = new DetectionResult(detect & DetectionKinds.All, faces, people?.Area() ?? 0);
        return SaliencyFusion.Fuse(objects, pixels.Width, pixels.Height, faces, people);
    }
}
