using System.Collections.Concurrent;

namespace SemanticJpeg.Saliency;

/// <summary>
/// One <see cref="SaliencyModel"/> per model file for the whole process: sessions are expensive to
/// create (the default model takes about a second) and safe to share between threads.
/// </summary>
public static class SaliencyModelCache
{
    private static readonly ConcurrentDictionary<string, Lazy<SaliencyModel>> Models =
        new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    /// <summary>
    /// The shared model for a name or path (resolved as <see cref="SaliencyModel.Load"/> does). The
    /// same file always gives the same instance; do not dispose it (disposing a shared instance does
    /// nothing).
    /// </summary>
    public static SaliencyModel Get(string? nameOrPath = null)
    {
        var resolved = SaliencyModelCatalog.Resolve(nameOrPath);
        var lazy = Models.GetOrAdd(resolved.ModelPath,
            _ => new Lazy<SaliencyModel>(() => SaliencyModel.LoadShared(resolved), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Do not cache a failure: the file may be fixed (or built) and asked for again.
            Models.TryRemove(new KeyValuePair<string, Lazy<SaliencyModel>>(resolved.ModelPath, lazy));
            throw;
        }
    }

    /// <summary>Releases every shared session (for hosts that unload; later calls load again).</summary>
    public static void Clear()
    {
        foreach (var key in Models.Keys)
            if (Models.TryRemove(key, out var lazy) && lazy.IsValueCreated)
                lazy.Value.DisposeShared();
    }
}
