using System.Management.Automation;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.PowerShell.Infrastructure;

/// <summary>
/// Installs ImageMagick's security policy when the module is imported, before a script or another
/// module can touch Magick.NET: ImageMagick reads its policy once, at first use. The library calls
/// <see cref="MagickSecurity.EnsureApplied"/> before every decode as well; this only makes it early.
/// </summary>
public sealed class SecurityPolicyInitializer : IModuleAssemblyInitializer
{
    /// <summary>Called by PowerShell when the module's assembly is imported.</summary>
    public void OnImport() => MagickSecurity.EnsureApplied();
}
