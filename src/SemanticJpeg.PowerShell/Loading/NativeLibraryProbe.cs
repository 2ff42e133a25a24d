using System.Runtime.InteropServices;

namespace SemanticJpeg.PowerShell.Loading;

/// <summary>
/// Which runtime identifier's native libraries this process needs, and which file in that folder
/// a DllImport name means.
/// </summary>
internal static class NativeLibraryProbe
{
    /// <summary>
    /// The portable RID of this process (win-x64, linux-arm64, osx-arm64, linux-musl-x64 ...).
    /// Computed from the OS and process architecture rather than taken from
    /// <see cref="RuntimeInformation.RuntimeIdentifier"/>, which is distro-specific
    /// (ubuntu.24.04-x64) on source-built .NET runtimes.
    /// </summary>
    public static string CurrentRid()
    {
        string os = OperatingSystem.IsWindows() ? "win"
            : OperatingSystem.IsMacOS() ? "osx"
            : RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase) ? "linux-musl"
            : OperatingSystem.IsLinux() ? "linux"
            : RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant();
        return os + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
    }

    /// <summary>
    /// The file in <paramref name="folder"/> that the runtime would pick for a DllImport of
    /// <paramref name="name"/>, with the same name variations it tries: "onnxruntime" is
    /// libonnxruntime.so / libonnxruntime.dylib / onnxruntime.dll, and Magick.NET's
    /// "Magick.Native-Q8-x64.dll" ships as Magick.Native-Q8-x64.dll.so on Linux.
    /// </summary>
    public static string? Find(string folder, string name)
    {
        if (name.IndexOfAny(['/', '\\']) >= 0 || !Directory.Exists(folder))
            return null;
        string suffix = OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        string[] candidates = OperatingSystem.IsWindows()
            ? [name, name + suffix]
            : [name, name + suffix, "lib" + name + suffix, "lib" + name];
        foreach (var candidate in candidates)
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path))
                return path;
        }
        return null;
    }
}
