using System.Management.Automation;
using SemanticJpeg.Imaging;
using SemanticJpeg.Pipeline;
using SemanticJpeg.PowerShell.Infrastructure;
using SemanticJpeg.Reporting;

namespace SemanticJpeg.PowerShell.Commands;

/// <summary>
/// The paper's experiment on the user's own photos: standard JPEG vs semantic JPEG of the same size
/// at several qualities, measured, with an optional self-contained HTML report.
/// </summary>
[Cmdlet(VerbsData.Compare, "SemanticJpeg", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(SemanticJpegComparison))]
public sealed class CompareSemanticJpegCommand : FileInputCommand
{
    private const string Activity = "Comparing semantic and standard JPEG";

    private readonly List<ComparisonRow> _rows = [];
    private readonly List<ImageCrops> _crops = [];
    private readonly CancellationTokenSource _cancel = new();
    private int _done;

    [Parameter]
    [ValidateRange(1, 100)]
    [ValidateCount(1, 20)]
    public int[] Quality { get; set; } = [30, 50, 75];

    [Parameter]
    [ValidateSet("420", "422", "444")]
    public string ChromaSubsampling { get; set; } = "420";

    [Parameter]
    [ValidateRange(0.001, 1000)]
    public double BackgroundWeight { get; set; } = ImportanceWeighting.DefaultBackgroundWeight;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = "resnet18";

    /// <summary>An .html file, or a folder that receives report.html and report.md.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Report { get; set; }

    /// <summary>Also render self-contained SVG (no references outside the file); off: raster formats only.</summary>
    [Parameter]
    public SwitchParameter AllowVectorInput { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var options = new ComparisonOptions
        {
            Qualities = Quality,
            Subsampling = SubsamplingArgument.Parse(ChromaSubsampling),
            Model = ModelArgument.Resolve(this, Model),
            BackgroundWeight = BackgroundWeight,
            CropSize = Report is null ? 0 : 192,
        };
        foreach (var file in ResolveInputFiles())
        {
            WriteProgress(new ProgressRecord(2, Activity, $"{System.IO.Path.GetFileName(file)} ({_done} done)") { PercentComplete = -1 });
            try
            {
                var image = ImageLoader.Load(file, new ImageLoadOptions { KeepExif = false, AllowVectorInput = AllowVectorInput });
                var comparison = ImageComparer.Compare(image, System.IO.Path.GetFileName(file), options, _cancel.Token);
                _rows.AddRange(comparison.Rows);
                _crops.AddRange(comparison.Crops);
                foreach (var row in comparison.Rows)
                    WriteObject(SemanticJpegComparison.From(row));
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
        if (Report is null || _rows.Count == 0)
            return;
        var target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Report);
        bool folder = Directory.Exists(target) || !System.IO.Path.HasExtension(target);
        var html = folder ? System.IO.Path.Combine(target, "report.html") : target;
        var markdown = System.IO.Path.ChangeExtension(html, ".md");
        if (!ShouldProcess(html, "Write comparison report"))
            return;
        try
        {
            foreach (var file in new[] { html, markdown })
                if (!Force && File.Exists(file))
                    throw new SemanticJpegException(SemanticJpegErrorCode.DestinationExists, $"'{file}' already exists. Use -Force to overwrite it.");
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(html)!);
            var context = new ReportContext
            {
                DataSet = $"{_rows.Select(r => r.Image).Distinct().Count()} image(s) given to Compare-SemanticJpeg",
                StandardEncoder = "Magick.NET (libjpeg-turbo), optimised Huffman, same chroma subsampling",
                SemanticEncoder = $"SemanticJpeg region-quality writer, saliency model '{Model}', same file size",
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
