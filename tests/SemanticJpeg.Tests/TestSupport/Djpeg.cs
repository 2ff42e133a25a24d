using System.Diagnostics;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Tests.TestSupport;

/// <summary>
/// Decodes with libjpeg-turbo's djpeg: an independent decoder, so our writer is not only checked
/// against itself. Any warning djpeg prints counts as a failure.
/// </summary>
internal static class Djpeg
{
    public static PixelImage Decode(byte[] jpeg)
    {
        var dir = TestPaths.NewTempDirectory();
        var input = Path.Combine(dir, "in.jpg");
        File.WriteAllBytes(input, jpeg);
        try
        {
            return DecodeFile(input);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    public static PixelImage DecodeFile(string path)
    {
        var psi = new ProcessStartInfo("djpeg", ["-pnm", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("djpeg not found: install libjpeg-turbo-progs (./build.sh test does).", e);
        }
        using var ms = new MemoryStream();
        var errTask = p.StandardError.ReadToEndAsync();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        var err = errTask.Result;
        if (p.ExitCode != 0 || err.Length > 0)
            throw new InvalidDataException($"djpeg failed (exit {p.ExitCode}): {err}");
        return ParsePnm(ms.ToArray());
    }

    private static PixelImage ParsePnm(byte[] data)
    {
        int pos = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)data[pos])) pos++;
            int start = pos;
            while (!char.IsWhiteSpace((char)data[pos])) pos++;
            return System.Text.Encoding.ASCII.GetString(data, start, pos - start);
        }
        var magic = Token();
        int w = int.Parse(Token()), h = int.Parse(Token());
        int max = int.Parse(Token());
        pos++; // single whitespace after maxval
        if (max != 255) throw new InvalidDataException("Unexpected maxval " + max);
        int channels = magic switch { "P5" => 1, "P6" => 3, _ => throw new InvalidDataException("Unexpected PNM " + magic) };
        var pixels = data.AsSpan(pos, w * h * channels).ToArray();
        return new PixelImage(w, h, channels, pixels);
    }
}
