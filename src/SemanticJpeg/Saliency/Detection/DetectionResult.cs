namespace SemanticJpeg.Saliency.Detection;

/// <summary>What the detectors found in one photo: which ran, the faces (best first), and the share of the photo segmented as person (0 when the mask was not used).</summary>
internal sealed record DetectionResult(DetectionKinds Ran, IReadOnlyList<FaceDetection> Faces, float PersonArea);
