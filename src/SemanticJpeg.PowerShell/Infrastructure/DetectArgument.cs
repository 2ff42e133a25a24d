using SemanticJpeg.Saliency.Detection;

namespace SemanticJpeg.PowerShell.Infrastructure;

/// <summary>
/// -Detect as PowerShell's list syntax (Faces, People, Objects, All, None) to the library's flags.
/// The parameter is a string array, not the library's enum: a cmdlet property of a type from
/// SemanticJpeg.dll would make PowerShell load that assembly while it scans the cmdlets, before the
/// module's load context is in place.
/// </summary>
internal static class DetectArgument
{
    public static DetectionKinds Parse(IEnumerable<string> names)
    {
        var kinds = DetectionKinds.None;
        foreach (var name in names)
            kinds |= Enum.Parse<DetectionKinds>(name, ignoreCase: true);
        return kinds;
    }
}
