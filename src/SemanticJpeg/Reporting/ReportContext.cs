namespace SemanticJpeg.Reporting;

/// <summary>What the report says about how it was made.</summary>
internal sealed record ReportContext
{
    /// <summary>Heading of the report.</summary>
    public string Title { get; init; } = "SemanticJpeg vs standard JPEG: bytes at equal quality";

    /// <summary>When the comparison ran; shown in the header.</summary>
    public DateTimeOffset GeneratedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The image set, e.g. "examples/images (5 photos)".</summary>
    public string? DataSet { get; init; }

    /// <summary>How the standard JPEGs were made, e.g. "Magick.NET 15.1.0 (libjpeg-turbo), 4:2:0".</summary>
    public string? StandardEncoder { get; init; }

    /// <summary>How the semantic JPEGs were made (writer, saliency model, settings).</summary>
    public string? SemanticEncoder { get; init; }

    /// <summary>Free text shown under the header (e.g. the command that produced the report).</summary>
    public string? Notes { get; init; }
}
