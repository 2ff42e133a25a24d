using System.Management.Automation;

namespace SemanticJpeg.PowerShell.Infrastructure;

/// <summary>
/// Path / LiteralPath resolution the way PowerShell's own file cmdlets do it (Get-FileHash):
/// wildcards expand through the provider, literal paths are taken as typed, and anything that is
/// not on the FileSystem provider or does not exist becomes a non-terminating error.
/// </summary>
internal static class InputPathResolver
{
    public static List<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                if (literal)
                {
                    var resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                    if (RequireFileSystem(cmdlet, provider, path))
                        files.Add(resolved);
                }
                else
                {
                    var resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
                    if (RequireFileSystem(cmdlet, provider, path))
                        files.AddRange(resolved);
                }
            }
            catch (ItemNotFoundException e)
            {
                cmdlet.WriteError(ErrorRecords.From(new SemanticJpegException(SemanticJpegErrorCode.FileNotFound, $"'{path}' does not exist.", e), path));
            }
            catch (Exception e) when (e is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or PSArgumentException or NotSupportedException)
            {
                cmdlet.WriteError(ErrorRecords.From(new SemanticJpegException(SemanticJpegErrorCode.FileNotFound, $"'{path}' cannot be resolved: {e.Message}", e), path));
            }
        }
        return files;
    }

    private static bool RequireFileSystem(PSCmdlet cmdlet, ProviderInfo provider, string path)
    {
        if (provider.Name == "FileSystem")
            return true;
        cmdlet.WriteError(ErrorRecords.Create(SemanticJpegErrorCode.InvalidArgument,
            $"'{path}' is on the {provider.Name} provider; only file system paths hold images.", path));
        return false;
    }
}
