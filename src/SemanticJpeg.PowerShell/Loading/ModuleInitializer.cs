using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace SemanticJpeg.PowerShell.Loading;

/// <summary>
/// Runs when Import-Module loads this assembly (PowerShell's "resolving assembly conflicts"
/// pattern): this cmdlet assembly lives in the default load context and references only
/// SemanticJpeg.dll among our dependencies; when the runtime cannot find SemanticJpeg.dll there,
/// the handler below hands out the copy in the module's private <see cref="DependencyLoadContext"/>,
/// and all further dependencies resolve inside that context.
/// </summary>
/// <remarks>
/// Only the engine's name is answered. A Magick.NET request from another module never reaches
/// our copy, and this assembly must never name a Magick.NET or ONNX Runtime type itself (the
/// package tests check its assembly references), or that request would bind in the default
/// context to whatever version got there first.
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineAssembly = "SemanticJpeg";
    private const string DependencyFolder = "Dependencies";

    private static readonly object Gate = new();
    private static DependencyLoadContext? _context;
    private static bool _registered;

    public void OnImport()
    {
        lock (Gate)
        {
            _context ??= CreateContext();
            if (!_registered)
            {
                AssemblyLoadContext.Default.Resolving += ResolveEngine;
                _registered = true;
            }
        }
        ApplySecurityPolicy();
    }

    /// <summary>
    /// ImageMagick's security policy, installed at import, before a script or another module can touch
    /// Magick.NET (ImageMagick reads its policy once, at first use). The library applies it before every
    /// decode as well; this only makes it early. A method of its own, not inlined, so that SemanticJpeg.dll
    /// is resolved only after the handler above is in place.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ApplySecurityPolicy() => SemanticJpeg.Imaging.MagickSecurity.EnsureApplied();

    public void OnRemove(PSModuleInfo module)
    {
        lock (Gate)
        {
            // The context stays (it cannot unload while this assembly's types refer to it); a later
            // Import-Module in this session registers the handler again and finds it.
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            _registered = false;
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        string.Equals(name.Name, EngineAssembly, StringComparison.OrdinalIgnoreCase)
            ? _context?.LoadFromAssemblyName(name)
            : null;

    private static DependencyLoadContext CreateContext()
    {
        var moduleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
        var folder = Path.Combine(moduleFolder, DependencyFolder);
        if (!File.Exists(Path.Combine(folder, EngineAssembly + ".dll")))
            throw new FileNotFoundException($"SemanticJpeg's dependencies are missing: '{folder}' has no {EngineAssembly}.dll. Reinstall the module.");
        var rid = NativeLibraryProbe.CurrentRid();
        var natives = Path.Combine(folder, "runtimes", rid, "native");
        if (!Directory.Exists(natives))
        {
            var shipped = Directory.Exists(Path.Combine(folder, "runtimes"))
                ? string.Join(", ", Directory.GetDirectories(Path.Combine(folder, "runtimes")).Select(Path.GetFileName).Order())
                : "none";
            throw new PlatformNotSupportedException(
                $"SemanticJpeg has no native libraries (Magick.NET, ONNX Runtime) for {rid} in '{folder}'. Platforms in this copy: {shipped}.");
        }
        return new DependencyLoadContext(folder, natives);
    }
}
