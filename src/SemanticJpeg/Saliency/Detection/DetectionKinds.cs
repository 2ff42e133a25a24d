namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// What the saliency map is made of. Flags, so PowerShell binds <c>-Detect Faces,People</c>; the
/// default is all three. Objects is the object-feature map of the saliency model; Faces and
/// People are the face detector and the person segmenter, fused on top of it.
/// </summary>
[Flags]
public enum DetectionKinds
{
    /// <summary>Nothing: a uniform map, so every block counts the same (a plain RD-optimised JPEG).</summary>
    None = 0,
    /// <summary>Faces, from the face detector (BlazeFace), painted as soft ellipses.</summary>
    Faces = 1,
    /// <summary>People, from the person segmenter (MediaPipe selfie segmentation).</summary>
    People = 2,
    /// <summary>Objects: the saliency model's map of what stands out from the background.</summary>
    Objects = 4,
    /// <summary>Faces, people and objects (the default).</summary>
    All = Faces | People | Objects,
}
