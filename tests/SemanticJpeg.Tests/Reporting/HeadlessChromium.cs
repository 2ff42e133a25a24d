using System.Diagnostics;

namespace SemanticJpeg.Tests.Reporting;

/// <summary>
/// Screenshots a local HTML file with headless Chromium (or Chrome): the report is checked as a
/// browser lays it out, not only as text. SEMANTICJPEG_CHROMIUM names the browser when it is not
/// on PATH; ./build.sh test installs it.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

    public static string Executable()
    {
        var configured = Environment.GetEnvironmentVariable("SEMANTICJPEG_CHROMIUM");
        if (!string.IsNullOrEmpty(configured)) return configured;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in Names)
            {
                var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? name + ".exe" : name);
                if (File.Exists(candidate)) return candidate;
            }
        throw new InvalidOperationException(
            "Chromium not found: install it (./build.sh test does: apt package chromium) or set SEMANTICJPEG_CHROMIUM.");
    }

    /// <summary>Renders <paramref name="html"/> in a <paramref name="width"/> x <paramref name="height"/> window and writes a PNG.</summary>
    public static void Screenshot(string html, string png, int width, int height)
    {
        var profile = Path.Combine(Path.GetDirectoryName(png)!, "chromium-profile");
        var psi = new ProcessStartInfo(Executable(),
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--no-first-run", "--disable-extensions", $"--user-data-dir={profile}",
            $"--window-size={width},{height}", $"--screenshot={png}", new Uri(html).AbsoluteUri,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("Chromium did not finish the screenshot in 90 s.");
        }
        if (p.ExitCode != 0 || !File.Exists(png))
            throw new InvalidOperationException($"Chromium failed (exit {p.ExitCode}): {output.Result}{errors.Result}");
    }
}
