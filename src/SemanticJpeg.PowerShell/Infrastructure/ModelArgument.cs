using System.Management.Automation;

namespace SemanticJpeg.PowerShell.Infrastructure;

/// <summary>-Model takes a model name or a path; a path is resolved against the PowerShell location, not the process's.</summary>
internal static class ModelArgument
{
    public static string Resolve(PSCmdlet cmdlet, string model) =>
        model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || model.Contains('/') || model.Contains('\\')
            ? cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(model)
            : model;
}
