using System.Management.Automation;

namespace SemanticJpeg.PowerShell.Infrastructure;

/// <summary>
/// One place that turns failures into ErrorRecords. The ErrorId is the
/// <see cref="SemanticJpegErrorCode"/> name, so it is stable and documented.
/// </summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(Exception exception, object? target)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
            exception = aggregate.InnerExceptions[0];
        if (exception is SemanticJpegException known)
            return new ErrorRecord(known, known.Code.ToString(), Category(known.Code), target);
        return new ErrorRecord(exception, SemanticJpegErrorCode.InternalError.ToString(), ErrorCategory.NotSpecified, target);
    }

    public static ErrorRecord Create(SemanticJpegErrorCode code, string message, object? target) =>
        From(new SemanticJpegException(code, message), target);

    public static ErrorCategory Category(SemanticJpegErrorCode code) => code switch
    {
        SemanticJpegErrorCode.FileNotFound => ErrorCategory.ObjectNotFound,
        SemanticJpegErrorCode.PathIsDirectory => ErrorCategory.InvalidArgument,
        SemanticJpegErrorCode.AccessDenied => ErrorCategory.PermissionDenied,
        SemanticJpegErrorCode.EmptyFile => ErrorCategory.InvalidData,
        SemanticJpegErrorCode.InvalidImage => ErrorCategory.InvalidData,
        SemanticJpegErrorCode.ImageTooLarge => ErrorCategory.LimitsExceeded,
        SemanticJpegErrorCode.DestinationExists => ErrorCategory.ResourceExists,
        SemanticJpegErrorCode.DestinationIsSource => ErrorCategory.InvalidArgument,
        SemanticJpegErrorCode.DestinationNotWritable => ErrorCategory.PermissionDenied,
        SemanticJpegErrorCode.WriteFailed => ErrorCategory.WriteError,
        SemanticJpegErrorCode.ModelNotFound => ErrorCategory.ObjectNotFound,
        SemanticJpegErrorCode.ModelInvalid => ErrorCategory.InvalidData,
        SemanticJpegErrorCode.InvalidArgument => ErrorCategory.InvalidArgument,
        SemanticJpegErrorCode.TargetUnreachable => ErrorCategory.LimitsExceeded,
        SemanticJpegErrorCode.UnsupportedFormat => ErrorCategory.InvalidData,
        SemanticJpegErrorCode.ExternalReference => ErrorCategory.SecurityError,
        SemanticJpegErrorCode.InvalidSaliencyMap => ErrorCategory.InvalidData,
        _ => ErrorCategory.NotSpecified,
    };
}
