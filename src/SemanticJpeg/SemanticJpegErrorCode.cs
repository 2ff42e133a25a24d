namespace SemanticJpeg;

/// <summary>
/// Every way a conversion can fail. The names are the stable ErrorIds that the cmdlets put on
/// their ErrorRecords (documented in the README's "What happens with bad input"), so scripts can
/// match on them. Never rename a member; add new ones at the end.
/// </summary>
public enum SemanticJpegErrorCode
{
    /// <summary>The input path does not exist.</summary>
    FileNotFound,
    /// <summary>The input path is a directory, not a file.</summary>
    PathIsDirectory,
    /// <summary>The input file cannot be read (permissions).</summary>
    AccessDenied,
    /// <summary>The input file has zero bytes.</summary>
    EmptyFile,
    /// <summary>The file is not an image format Magick.NET reads, or it is corrupt or truncated.</summary>
    InvalidImage,
    /// <summary>The image's declared size exceeds the pixel limit (decompression-bomb guard).</summary>
    ImageTooLarge,
    /// <summary>The destination exists and -Force was not given.</summary>
    DestinationExists,
    /// <summary>The destination is the source file itself.</summary>
    DestinationIsSource,
    /// <summary>The destination folder cannot be created or written.</summary>
    DestinationNotWritable,
    /// <summary>Writing the output failed midway (e.g. disk full); nothing was left behind.</summary>
    WriteFailed,
    /// <summary>The saliency model cannot be found.</summary>
    ModelNotFound,
    /// <summary>The saliency model or its sidecar is invalid.</summary>
    ModelInvalid,
    /// <summary>A parameter value or combination is not valid for this input.</summary>
    InvalidArgument,
    /// <summary>A bug: an unexpected exception inside the module. Please report it.</summary>
    InternalError,
    /// <summary>-TargetSize is below the smallest file this image can be written as.</summary>
    TargetUnreachable,
    /// <summary>The file's content is a format outside the allow-list (vector, scripted or exotic), whatever its name.</summary>
    UnsupportedFormat,
    /// <summary>An opted-in vector file refers to something outside itself (a file, URL or coder).</summary>
    ExternalReference,
    /// <summary>A user-supplied saliency map cannot be read or does not fit the image.</summary>
    InvalidSaliencyMap,
}
