using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// Writes quantised coefficients as a progressive JPEG (T.81 Annex G, SOF2, Huffman): the same coefficients a
/// baseline file of the same <see cref="QuantizedImage"/> carries, so every decoder reconstructs the same pixels,
/// but spread over a searched list of scans (<see cref="ScanSearch"/>) with optimal Huffman tables per scan.
/// Metadata (JFIF, Exif, ICC) and the restart interval are written as in baseline; progressive always uses
/// optimised tables (as libjpeg does: the Annex K tables have no EOBn codes), whatever
/// <see cref="JpegWriterOptions.OptimizeHuffman"/> says.
/// </summary>
/// <remarks>
/// For rate control: <see cref="Plan"/> runs the search and returns the exact size before anything is written
/// (<see cref="ProgressivePlan.EstimateBytes"/>); <see cref="PlanFor"/> sizes a fixed script, which is several
/// times cheaper (one pass per scan instead of the search's ~100), e.g. to re-use the script of a first search
/// while the quantisation moves; <see cref="Write(FrameLayout, ushort[][], QuantizedImage, JpegWriterOptions, ProgressivePlan)"/>
/// writes a plan.
/// </remarks>
internal static class ProgressiveJpegWriter
{
    /// <summary>Searches the script and writes the file.</summary>
    public static byte[] Write(FrameLayout layout, ushort[][] tables, QuantizedImage q, JpegWriterOptions options) =>
        Write(layout, tables, q, options, Plan(layout, q, options));

    /// <summary>The searched scan script with its tables and exact size.</summary>
    public static ProgressivePlan Plan(FrameLayout layout, QuantizedImage q, JpegWriterOptions options) =>
        ScanSearch.Search(layout, q, options, HeaderBytes(layout, options));

    /// <summary>
    /// A given script (validated: T.81 G.1.1.1 and complete), counted with optimal tables per scan. In a DC scan
    /// the first component gets table 0 and the others share table 1, or, with <paramref name="separateChromaDc"/>,
    /// have their own (2, 3).
    /// </summary>
    public static ProgressivePlan PlanFor(FrameLayout layout, QuantizedImage q, JpegWriterOptions options, IReadOnlyList<ScanSpec> script,
        bool separateChromaDc = false)
    {
        ScanScriptValidator.Validate(layout, script);
        var scans = new List<CodedScan>(script.Count);
        foreach (var s in script)
        {
            var slots = s.Components.Select((c, i) => !s.IsDc ? 0 : separateChromaDc ? i : Math.Min(i, 1)).ToArray();
            scans.Add(CodedScan.Build(layout, q, s, slots, options.RestartInterval));
        }
        return new ProgressivePlan(scans, HeaderBytes(layout, options));
    }

    /// <summary>Writes a plan (the frame writer owns the marker sequence).</summary>
    public static byte[] Write(FrameLayout layout, ushort[][] tables, QuantizedImage q, JpegWriterOptions options, ProgressivePlan plan) =>
        JpegFrameWriter.WriteProgressive(layout, tables, options, q, plan);

    private static int HeaderBytes(FrameLayout layout, JpegWriterOptions options) => JpegFrameWriter.HeaderBytes(layout, options, progressive: true);
}
