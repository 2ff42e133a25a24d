namespace SemanticJpeg.Saliency.Detection;

/// <summary>What the detectors found in one photo.</summary>
public sealed record DetectionResult(DetectionKinds Ran, IReadOnlyList<FaceDetection> Faces, float PersonArea)
{
    /// <summary>Nothing ran (detection switched off).</summary>
    public static DetectionResult None { get; } = new(DetectionKinds.None, [], 0);

    /// <summary>True when a face or a person (at least <see cref="SaliencyFusion.MinPersonArea"/> of the photo) was found.</summary>
    public bool FoundAny => Faces.Count > 0 || PersonArea >= SaliencyFusion.MinPersonArea;
}
