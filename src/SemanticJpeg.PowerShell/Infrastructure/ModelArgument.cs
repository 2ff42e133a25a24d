using System.Management.Automation;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.PowerShell.Infrastructure;

/// <summary>
/// -Model takes a model name or a path (the library's one rule, <see cref="SaliencyModelCatalog.IsPath"/>);
/// a path is resolved against the PowerShell location, not the process's.
/// </summary>
internal static class ModelArgument
{
    public static string Resolve(PSCmdlet cmdlet, string model) =>
        SaliencyModelCatalog.IsPath(model) ? cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(model) : model;
}
