using System.Runtime.InteropServices;

namespace SemanticJpeg.PowerShell.Loading;

/// <summary>
/// Which runtime identifier's native libraries this process needs, and which file in that folder
/// a DllImport name means.
/// </summary>
public static class NativeLibraryProbe
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
    /// <paramref name="name"/> on this platform, or null.
    /// </summary>
    internal static string? Find(string folder, string name)
    {
        if (name.IndexOfAny(['/', '\\']) >= 0 || !Directory.Exists(folder))
            return null;
        foreach (var candidate in CandidateFileNames(name, CurrentRid()))
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path))
                return path;
        }
        return null;
    }

    /// <summary>
    /// The file names a DllImport of <paramref name="name"/> may mean on platform
    /// <paramref name="rid"/>, with the variations the runtime itself tries: "onnxruntime" is
    /// onnxruntime.dll / libonnxruntime.so / libonnxruntime.dylib, and Magick.NET's
    /// "Magick.Native-Q8-x64.dll" ships as Magick.Native-Q8-x64.dll.so on Linux. Public so that the
    /// package tests can check the rule against every platform's files, not only the one they run on.
    /// </summary>
    public static IReadOnlyList<string> CandidateFileNames(string name, string rid)
    {
        if (rid.StartsWith("win", StringComparison.Ordinal))
            return [name, name + ".dll"];
        string suffix = rid.StartsWith("osx", StringComparison.Ordinal) ? ".dylib" : ".so";
        return [name, name + suffix, "lib" + name + suffix, "lib" + name];
    }
}
