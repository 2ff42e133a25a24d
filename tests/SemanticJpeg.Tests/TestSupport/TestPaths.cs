namespace SemanticJpeg.Tests.TestSupport;

/// <summary>Where the repository's fixtures are, found from the test assembly's folder.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SemanticJpeg.PowerShell.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => Root.Value;

    public static string ExampleImages => Path.Combine(RepoRoot, "examples", "images");

    public static string SampleImage(string fileName) => Path.Combine(ExampleImages, fileName);

    /// <summary>A fresh temporary folder for one test; tests never write into the repository.</summary>
    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "semjpeg-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
