using System.Runtime.CompilerServices;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Tests.Imaging;

/// <summary>
/// ImageMagick reads its policy once, at first use; many tests use Magick.NET directly, in any
/// order, so the test assembly installs SemanticJpeg's policy before any of them, as a host should.
/// </summary>
internal static class MagickPolicyModuleInitializer
{
    [ModuleInitializer]
    internal static void Install() => MagickSecurity.EnsureApplied();
}
