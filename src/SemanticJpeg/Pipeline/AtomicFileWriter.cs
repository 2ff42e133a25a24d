namespace SemanticJpeg.Pipeline;

/// <summary>
/// Writes a whole file or nothing: the bytes go to a hidden temporary file in the destination
/// folder (same file system, so the final rename is atomic), which is renamed over the target only
/// when complete. A crash, Ctrl+C or full disk leaves at most the temporary file, which is deleted
/// on every failure path we control.
/// </summary>
internal static class AtomicFileWriter
{
    public static void Write(string destination, ReadOnlySpan<byte> data, bool overwrite)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(data);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, destination, overwrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            if (!overwrite && File.Exists(destination) && e is IOException)
                throw new SemanticJpegException(SemanticJpegErrorCode.DestinationExists,
                    $"'{destination}' already exists. Use -Force to overwrite it.", e);
            var code = e is UnauthorizedAccessException ? SemanticJpegErrorCode.DestinationNotWritable : SemanticJpegErrorCode.WriteFailed;
            throw new SemanticJpegException(code, $"Cannot write '{destination}': {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
