using System.Diagnostics;
using System.Management.Automation;
using SemanticJpeg.Imaging;
using SemanticJpeg.Pipeline;
using SemanticJpeg.PowerShell.Infrastructure;
using SemanticJpeg.Saliency;
using SemanticJpeg.Saliency.Detection;

namespace SemanticJpeg.PowerShell.Commands;

/// <summary>
/// Computes the saliency map that ConvertTo-SemanticJpeg uses, returns it as an object and, on
/// request, writes it as a grey image and as a heat-map overlay a person can judge at a glance.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ImageSaliency", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(ImageSaliencyResult))]
public sealed class GetImageSaliencyCommand : FileInputCommand
{

    /// <summary>Writes the map as a grey image (format from the extension); a folder takes &lt;name&gt;-saliency.png per input.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Writes a heat-map over the photo; a folder takes &lt;name&gt;-overlay.jpg per input.</summary>
    [Parameter]
    [Alias("Overlay")]
    [ValidateNotNullOrEmpty]
    public string? OverlayFile { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = "resnet18";

    /// <summary>What the map is made of: Faces, People, Objects (all by default), e.g. -Detect Faces,People.</summary>
    [Parameter]
    [ValidateSet("Faces", "People", "Objects", "All", "None")]
    public string[] Detect { get; set; } = ["All"];

    [Parameter]
    [ValidateRange(0.000001, 100000)]
    public double MaxMegapixels { get; set; } = ImageLoadOptions.DefaultMaxPixels / 1e6;

    /// <summary>Also render self-contained SVG (no references outside the file); off: raster formats only.</summary>
    [Parameter]
    public SwitchParameter AllowVectorInput { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    private int _count;
    private DestinationPlanner? _maps;
    private DestinationPlanner? _overlays;

    protected override void BeginProcessing()
    {
        _maps = Planner(OutFile);
        _overlays = Planner(OverlayFile);
    }

    /// <summary>An existing folder takes one file per input; any other path is the file itself.</summary>
    private DestinationPlanner? Planner(string? requested) => requested is null ? null
        : new DestinationPlanner(SessionState.Path.GetUnresolvedProviderPathFromPSPath(requested), Force, _ => true);

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveInputFiles())
        {
            try
            {
                var result = Analyse(file);
                if (result is not null)
                    WriteObject(result);
            }
            catch (Exception e) when (e is not PipelineStoppedException)
            {
                WriteError(ErrorRecords.From(e, file));
            }
        }
    }

    private ImageSaliencyResult? Analyse(string file)
    {
        var clock = Stopwatch.StartNew();
        var outFile = _maps?.For(file, "-saliency.png");
        var overlayFile = _overlays?.For(file, "-overlay.jpg");
        WriteProgress(new ProgressRecord(1, "Computing saliency", file) { PercentComplete = -1 });
        var loaded = ImageLoader.Load(file, new ImageLoadOptions { MaxPixels = (long)(MaxMegapixels * 1e6), KeepExif = false, AllowVectorInput = AllowVectorInput });
        var model = SaliencyModel.Get(ModelArgument.Resolve(this, Model));
        var map = SaliencyDetectors.Compute(loaded.Pixels, DetectArgument.Parse(Detect), () => model.Compute(loaded.Pixels), out var found);

        var written = new List<string>();
        if (outFile is not null && ShouldProcess(outFile, "Write saliency map"))
        {
            _maps!.Claim(outFile);
            WriteImage(SaliencyRenderer.RenderGrey(map), outFile);
            written.Add(outFile);
        }
        if (overlayFile is not null && ShouldProcess(overlayFile, "Write saliency overlay"))
        {
            _overlays!.Claim(overlayFile);
            WriteImage(FaceBoxPainter.Draw(SaliencyRenderer.RenderOverlay(loaded.Pixels, map), found.Faces), overlayFile);
            written.Add(overlayFile);
        }

        var blocks = map.BlockMeans(8, out int bw, out int bh);
        _count++;
        return new ImageSaliencyResult
        {
            Source = file,
            Width = map.Width,
            Height = map.Height,
            BlockSize = 8,
            BlocksWide = bw,
            BlocksHigh = bh,
            Blocks = blocks,
            MeanSaliency = map.Mean(),
            SalientArea = map.SalientFraction(),
            Map = map,
            Files = written.ToArray(),
            Model = model.Name,
            Detect = found.Ran.ToString(),
            Faces = found.Faces.ToArray(),
            PersonArea = found.PersonArea,
            Elapsed = clock.Elapsed,
        };
    }

    protected override void EndProcessing() =>
        WriteProgress(new ProgressRecord(1, "Computing saliency", $"{_count} done") { RecordType = ProgressRecordType.Completed });

    private void WriteImage(PixelImage pixels, string path) =>
        AtomicFileWriter.Write(path, ImageCodec.EncodeFor(path, pixels), Force);

}
