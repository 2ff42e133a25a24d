namespace SemanticJpeg.Pipeline;

/// <summary>
/// Where a command's output files go, by one set of rules for every cmdlet: a destination is a
/// folder (it exists as one, ends with a separator, or does not name a file of the kind the command
/// writes) or a single file; without one, each output goes next to its source. An output never
/// replaces its source, a directory, an existing file without <c>overwrite</c> (-Force), or the
/// output of another input of the same call.
/// </summary>
internal sealed class DestinationPlanner
{
    /// <summary>Paths compare case-insensitively on Windows and macOS' default volumes, exactly on Linux.</summary>
    public static StringComparer PathComparer { get; } =
        OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    private readonly HashSet<string> _claimed = new(PathComparer);
    private readonly bool _overwrite;

    /// <param name="destination">The destination as a full path, or null: next to each source.</param>
    /// <param name="overwrite">-Force: an existing file may be replaced.</param>
    /// <param name="namesFile">Whether a full path that is not an existing folder names an output file (e.g. a JPEG extension).</param>
    public DestinationPlanner(string? destination, bool overwrite, Func<string, bool> namesFile)
    {
        _overwrite = overwrite;
        if (destination is null)
            return;
        bool folder = Directory.Exists(destination)
            || destination.EndsWith('/') || destination.EndsWith(Path.DirectorySeparatorChar)
            || !namesFile(destination);
        if (folder)
            Folder = destination;
        else
            File = destination;
    }

    /// <summary>The destination folder, when the destination is one.</summary>
    public string? Folder { get; }

    /// <summary>The destination file, when the destination names one (it then takes a single input).</summary>
    public string? File { get; }

    /// <summary>Whether a file name (extension included) names a JPEG.</summary>
    public static bool IsJpegName(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg" or ".jpe" or ".jfif";

    /// <summary>
    /// The output for one input: the destination file, or <c>&lt;source name&gt;&lt;suffix&gt;</c>
    /// in the destination folder (the source's own folder without one).
    /// </summary>
    /// <param name="source">The input's path; null for an image without a file (named "image").</param>
    /// <param name="suffix">What follows the source's base name, e.g. ".jpg" or "-saliency.png".</param>
    /// <exception cref="SemanticJpegException">The output breaks one of the rules (see <see cref="DestinationPlanner"/>).</exception>
    public string For(string? source, string suffix)
    {
        string destination;
        if (File is not null)
        {
            if (_claimed.Count > 0)
                throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument,
                    $"The destination '{File}' is a file, so it takes a single input; pass a folder for several images.");
            destination = File;
        }
        else
        {
            if (source is null && Folder is null)
                throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument,
                    "An image without a file name needs a destination file path.");
            var baseName = source is null ? "image" : Path.GetFileNameWithoutExtension(source);
            var folder = Folder ?? Path.GetDirectoryName(Path.GetFullPath(source!))!;
            destination = Path.Combine(folder, baseName + suffix);
        }
        if (source is not null && PathComparer.Equals(Path.GetFullPath(source), destination))
            throw new SemanticJpegException(SemanticJpegErrorCode.DestinationIsSource,
                $"The output for '{source}' would overwrite the source itself; pass another folder or file name.");
        CheckWritable(destination);
        return destination;
    }

    /// <summary>Refuses a directory in the way, or an existing file without overwrite.</summary>
    /// <exception cref="SemanticJpegException">DestinationNotWritable or DestinationExists.</exception>
    public void CheckWritable(string destination)
    {
        if (Directory.Exists(destination))
            throw new SemanticJpegException(SemanticJpegErrorCode.DestinationNotWritable, $"'{destination}' is a directory.");
        if (!_overwrite && System.IO.File.Exists(destination))
            throw new SemanticJpegException(SemanticJpegErrorCode.DestinationExists,
                $"'{destination}' already exists. Use -Force to overwrite it.");
    }

    /// <summary>
    /// Takes <paramref name="destination"/> for one input and creates its folder: call it only
    /// once the write is decided (after ShouldProcess), so -WhatIf leaves no folders behind.
    /// </summary>
    /// <exception cref="SemanticJpegException">Another input of this call already writes it, or the folder cannot be created.</exception>
    public void Claim(string destination)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        if (!Directory.Exists(folder))
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SemanticJpegException(SemanticJpegErrorCode.DestinationNotWritable, $"Cannot create the folder '{folder}': {e.Message}", e);
            }
        }
        if (!_claimed.Add(destination))
            throw new SemanticJpegException(SemanticJpegErrorCode.DestinationExists,
                $"Another input of this call already writes '{destination}'.");
    }
}
