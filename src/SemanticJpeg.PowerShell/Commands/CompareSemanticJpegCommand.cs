using System.Management.Automation;
using SemanticJpeg.Imaging;
using SemanticJpeg.Pipeline;
using SemanticJpeg.PowerShell.Infrastructure;
using SemanticJpeg.Reporting;

namespace SemanticJpeg.PowerShell.Commands;

/// <summary>
/// Standard JPEG vs SemanticJpeg on the user's own photos, in the field's terms: a quality ladder,
/// rate-distortion curves and BD-rate (in the subject and globally), the equal-size comparison of
/// Prakash et al. at each quality, and an optional self-contained HTML report.
/// </summary>
[Cmdlet(VerbsData.Compare, "SemanticJpeg", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(SemanticJpegComparison), typeof(SemanticJpegBdRate))]
public sealed class CompareSemanticJpegCommand : SemanticJpegEncodingCommand
{
    private const string Activity = "Comparing semantic and standard JPEG";

    private readonly List<ComparisonRow> _rows = [];
    private readonly List<ImageCrops> _crops = [];
    private readonly CancellationTokenSource _cancel = new();
    private int _done;

    [Parameter]
    [ValidateRange(1, 100)]
    [ValidateCount(1, 20)]
    public int[] Quality { get; set; } = [.. ComparisonOptions.DefaultQualities];

    /// <summary>Return the BD-rate rows (per image and metric, then the means) instead of the per-quality rows.</summary>
    [Parameter]
    public SwitchParameter BdRate { get; set; }

    /// <summary>An .html file, or a folder that receives report.html and report.md.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Report { get; set; }

    protected override void ProcessRecord()
    {
        var encoder = EncoderOptions();
        var options = new ComparisonOptions
        {
            Qualities = Quality,
            Subsampling = encoder.Subsampling,
            Model = encoder.Model,
            Strength = encoder.Strength,
            CropSize = Report is null ? 0 : 160,
        };
        string? mapPath = SaliencyMapPath();
        foreach (var file in ResolveInputFiles())
        {
            WriteProgress(new ProgressRecord(2, Activity, $"{System.IO.Path.GetFileName(file)} ({_done} done)") { PercentComplete = -1 });
            try
            {
                var loadOptions = new ImageLoadOptions { KeepExif = false, AllowVectorInput = AllowVectorInput };
                var image = ImageLoader.Load(file, loadOptions);
                var imageOptions = mapPath is null
                    ? options
                    : options with { SaliencyMap = SaliencyMapReader.Read(mapPath, image.Pixels.Width, image.Pixels.Height, loadOptions) };
                var comparison = ImageComparer.Compare(image, System.IO.Path.GetFileName(file), imageOptions, _cancel.Token);
                _rows.AddRange(comparison.Rows);
                _crops.AddRange(comparison.Crops);
                if (BdRate)
                {
                    foreach (var bd in BdRateSummary.PerImage(comparison.Rows))
                        WriteObject(SemanticJpegBdRate.From(bd));
                }
                else
                {
                    foreach (var row in comparison.Rows)
                        WriteObject(SemanticJpegComparison.From(row));
                }
            }
            catch (Exception e) when (e is not (PipelineStoppedException or OperationCanceledException))
            {
                WriteError(ErrorRecords.From(e, file));
            }
            _done++;
        }
    }

    protected override void EndProcessing()
    {
        WriteProgress(new ProgressRecord(2, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        if (_rows.Count == 0)
            return;
        var means = BdRateSummary.Mean(BdRateSummary.PerImage(_rows));
        if (BdRate)
            foreach (var bd in means)
                WriteObject(SemanticJpegBdRate.From(bd));
        WriteVerbose(BdRateSummary.Headline(means));
        if (Report is null)
            return;
        var report = new DestinationPlanner(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Report), Force, System.IO.Path.HasExtension);
        var html = report.File ?? System.IO.Path.Combine(report.Folder!, "report.html");
        var markdown = System.IO.Path.ChangeExtension(html, ".md");
        if (!ShouldProcess(html, "Write comparison report"))
            return;
        try
        {
            foreach (var file in new[] { html, markdown })
                report.CheckWritable(file);
            report.Claim(html);
            var context = new ReportContext
            {
                DataSet = $"{_rows.Select(r => r.Image).Distinct().Count()} image(s) given to Compare-SemanticJpeg",
                StandardEncoder = $"Magick.NET (libjpeg-turbo), optimised Huffman, {ChromaSubsampling} chroma subsampling",
                SemanticEncoder = $"SemanticJpeg as ConvertTo-SemanticJpeg writes it (-Quality for the curve, -TargetSize for equal size), "
                    + (SaliencyMap is null ? $"saliency model '{Model}'" : "your -SaliencyMap as its map") + (StrengthGiven ? ", strength " + Strength.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : ", automatic strength"),
            };
            var htmlText = ComparisonReport.ToHtml(_rows, _crops, context);
            AtomicFileWriter.Write(html, System.Text.Encoding.UTF8.GetBytes(htmlText), overwrite: true);
            AtomicFileWriter.Write(markdown, System.Text.Encoding.UTF8.GetBytes(ComparisonReport.ToMarkdown(_rows, includePaperReference: true)), overwrite: true);
            WriteVerbose($"Report written to {html} and {markdown}");
        }
        catch (Exception e) when (e is SemanticJpegException or IOException or UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.From(e, html));
        }
    }

    protected override void StopProcessing() => _cancel.Cancel();
}
