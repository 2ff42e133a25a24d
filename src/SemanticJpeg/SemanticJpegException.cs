namespace SemanticJpeg;

/// <summary>A conversion failure with a stable <see cref="SemanticJpegErrorCode"/>.</summary>
public sealed class SemanticJpegException : Exception
{
    /// <summary>A failure of kind <paramref name="code"/>; the message says what to do about it.</summary>
    public SemanticJpegException(SemanticJpegErrorCode code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>The kind of failure: the cmdlets' ErrorId.</summary>
    public SemanticJpegErrorCode Code { get; }
}
