using System.Collections.Concurrent;

namespace SemanticJpeg.Saliency;

/// <summary>
/// One <see cref="SaliencyModel"/> per model file for the whole process: sessions are expensive to
/// create (the default model takes about a second) and safe to share between threads. The public
/// door is <see cref="SaliencyModel.Get"/>, which turns model problems into error codes.
/// </summary>
internal static class SaliencyModelCache
{
    private static readonly StringComparer PathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    // Keyed by the model file, so a name and a path to the same file share one session.
    private static readonly ConcurrentDictionary<string, Lazy<SaliencyModel>> ByFile = new(PathComparer);

    // What each request resolved to, so a per-image Get does not search folders and parse JSON again.
    private static readonly ConcurrentDictionary<string, SaliencyModel> ByRequest = new(PathComparer);

    /// <summary>
    /// The shared model for a name or path (see <see cref="SaliencyModelCatalog.Resolve"/>): the same
    /// file always gives the same instance. If the model is not loaded yet, its first session gets the
    /// network threads of <paramref name="options"/>. Throws <see cref="SaliencyModelException"/>.
    /// </summary>
    public static SaliencyModel Get(string? nameOrPath, SaliencyOptions? options = null)
    {
        string request = string.IsNullOrWhiteSpace(nameOrPath) ? SaliencyModelCatalog.DefaultModelName : nameOrPath.Trim();
        if (SaliencyModelCatalog.IsPath(request)) request = Path.GetFullPath(request); // relative paths follow the current folder
        if (ByRequest.TryGetValue(request, out var known)) return known;

        var resolved = SaliencyModelCatalog.Resolve(request);
        var lazy = ByFile.GetOrAdd(resolved.ModelPath,
            _ => new Lazy<SaliencyModel>(() => SaliencyModel.LoadShared(resolved, (options ?? SaliencyOptions.Default).EffectiveThreads), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            var model = lazy.Value;
            ByRequest.TryAdd(request, model);
            return model;
        }
        catch
        {
            // Do not cache a failure: the file may be fixed (or built) and asked for again.
            ByFile.TryRemove(new KeyValuePair<string, Lazy<SaliencyModel>>(resolved.ModelPath, lazy));
            throw;
        }
    }
}
