using System.Reflection;
using System.Runtime.Loader;

namespace SemanticJpeg.PowerShell.Loading;

/// <summary>
/// The module's private <see cref="AssemblyLoadContext"/>: SemanticJpeg.dll and everything it needs
/// (Magick.NET, ONNX Runtime, OxyPlot, System.Numerics.Tensors) load from the module's Dependencies
/// folder into this context, so another module that brought a different version of one of them
/// into the session (PowerShell's default context) neither breaks us nor is broken by us.
/// </summary>
/// <remarks>
/// Anything not in the folder (the framework, System.Management.Automation) falls back to the
/// default context, so PowerShell's own types keep one identity on both sides of the boundary.
/// Native libraries come from Dependencies/runtimes/&lt;rid&gt;/native, NuGet's own layout, which is
/// also where ONNX Runtime's built-in resolver looks relative to its assembly.
/// </remarks>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _folder;
    private readonly string _nativeFolder;

    public DependencyLoadContext(string folder, string nativeFolder)
        : base("SemanticJpeg", isCollectible: false)
    {
        _folder = folder;
        _nativeFolder = nativeFolder;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = NativeLibraryProbe.Find(_nativeFolder, unmanagedDllName);
        // Zero lets the runtime's normal probing continue (system libraries such as libc).
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
