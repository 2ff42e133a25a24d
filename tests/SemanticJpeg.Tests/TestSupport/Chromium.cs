using System.Diagnostics;
using ImageMagick;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Tests.TestSupport;

/// <summary>
/// Headless Chromium (or Chrome) for the tests: screenshots of local HTML pages (the report) and JPEGs rendered
/// in a real browser (a page that shows the file at 1:1 in the top-left corner on a magenta page, viewport exactly
/// the image's size). ./build.sh test installs chromium on Debian/Ubuntu; SEMANTICJPEG_CHROMIUM names another
/// binary (build.ps1 honours the same variable).
/// </summary>
/// <remarks>
/// Chromium paints images as they decode, and a screenshot can come before the last rows are painted (seen with a
/// fresh --user-data-dir: only the first MCU row). So no profile flag is passed, and a screenshot that still shows
/// the magenta background is taken again.
/// </remarks>
internal static class Chromium
{
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
    private const int Attempts = 4;

    public static PixelImage Render(byte[] jpeg, int width, int height)
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "image.jpg"), jpeg);
            var page = Path.Combine(dir, "page.html");
            File.WriteAllText(page,
                "<!DOCTYPE html><html><body style=\"margin:0;background:#f0f\"><img src=\"image.jpg\" style=\"display:block\"></body></html>");
            PixelImage shot = null!;
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                var png = Path.Combine(dir, $"shot{attempt}.png");
                Screenshot(page, png, width, height);
                using (var image = new MagickImage(png))
                {
                    image.HasAlpha = false;
                    shot = MagickPixelConverter.ToPixelImage(image, keepGrey: false);
                }
                if (!ShowsBackground(shot)) break;
            }
            return shot;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Renders the local page <paramref name="page"/> in a <paramref name="width"/> x <paramref name="height"/> window into the PNG <paramref name="shot"/>.</summary>
    public static void Screenshot(string page, string shot, int width, int height)
    {
        var psi = new ProcessStartInfo(Binary(),
        [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run",
            "--force-device-scale-factor=1", "--force-color-profile=srgb",
            $"--window-size={width},{height}", $"--screenshot={shot}", new Uri(page).AbsoluteUri,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 120 s.");
        }
        if (!File.Exists(shot)) throw new InvalidOperationException($"chromium wrote no screenshot (exit {p.ExitCode}): {stderr.Result}");
    }

    private static bool ShowsBackground(PixelImage shot)
    {
        var px = shot.Pixels;
        for (int i = 0; i + 2 < px.Length; i += 3)
            if (px[i] == 255 && px[i + 1] == 0 && px[i + 2] == 255) return true;
        return false;
    }

    private static string Binary()
    {
        var configured = Environment.GetEnvironmentVariable("SEMANTICJPEG_CHROMIUM");
        if (!string.IsNullOrEmpty(configured)) return configured;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            foreach (var name in Candidates)
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        throw new InvalidOperationException("chromium not found: install it (./build.sh test does on Debian/Ubuntu) or set SEMANTICJPEG_CHROMIUM.");
    }
}
