namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// What the saliency map is made of. Flags, so PowerShell binds <c>-Detect Faces,People</c>; the
/// default is all three. Objects is the object-feature map of the saliency model; Faces and
/// People are the face detector and the person segmenter, fused on top of it.
/// </summary>
[Flags]
public enum DetectionKinds
{
    None = 0,
    Faces = 1,
    People = 2,
    Objects = 4,
    All = Faces | People | Objects,
}
