using SemanticJpeg.Imaging;

namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// The one entry point the pipeline calls: runs the detectors asked for and fuses their findings
/// with the object map (<see cref="SaliencyFusion"/>). With Faces and People both on, the person
/// segmenter runs only on photos where a face was found. The object map is computed only when
/// <see cref="DetectionKinds.Objects"/> is asked for, so <c>-Detect Faces,People</c> skips the
/// (far slower) object model.
/// </summary>
internal static class SaliencyDetectors
{
    /// <param name="pixels">the photo (grey or RGB).</param>
    /// <param name="detect">what to use.</param>
    /// <param name="objectMap">computes the object map at the photo's size; called only for <see cref="DetectionKinds.Objects"/>.</param>
    /// <param name="found">what the detectors found.</param>
    /// <param name="threads">the detector networks' intra-op threads (0 = their default); a parallel worker passes its share of the cores.</param>
    public static SaliencyMap Compute(PixelImage pixels, DetectionKinds detect, Func<SaliencyMap> objectMap, out DetectionResult found, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(objectMap);
        var objects = detect.HasFlag(DetectionKinds.Objects) ? objectMap() : null;
        bool findFaces = detect.HasFlag(DetectionKinds.Faces);
        IReadOnlyList<FaceDetection> faces = findFaces ? FaceDetector.Detect(pixels, threads: threads) : [];
        // The segmenter marks any close-up subject (the kit's cat 92% "person", an apple 62%), so
        // with the face detector on, a face is the evidence that a person is there: no face, no
        // person mask (and no segmenter run). -Detect People without Faces uses the mask as is.
        var people = detect.HasFlag(DetectionKinds.People) && (!findFaces || faces.Count > 0) ? PersonSegmenter.Segment(pixels, threads) : null;
        found = new DetectionResult(detect & DetectionKinds.All, faces, people?.Area() ?? 0);
        return SaliencyFusion.Fuse(objects, pixels.Width, pixels.Height, faces, people);
    }
}
