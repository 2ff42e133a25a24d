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
        var outFile = OutFile is null ? null : Target(OutFile, file, "-saliency.png");
        var overlayFile = OverlayFile is null ? null : Target(OverlayFile, file, "-overlay.jpg");
        WriteProgress(new ProgressRecord(1, "Computing saliency", file) { PercentComplete = -1 });
        var loaded = ImageLoader.Load(file, new ImageLoadOptions { MaxPixels = (long)(MaxMegapixels * 1e6), KeepExif = false, AllowVectorInput = AllowVectorInput });
        var model = SaliencyModelLoader.Get(ModelArgument.Resolve(this, Model));
        var map = SaliencyDetectors.Compute(loaded.Pixels, DetectArgument.Parse(Detect), () => model.Compute(loaded.Pixels), out var found);

        var written = new List<string>();
        if (outFile is not null && ShouldProcess(outFile, "Write saliency map"))
        {
            WriteImage(SaliencyRenderer.RenderGrey(map), outFile);
            written.Add(outFile);
        }
        if (overlayFile is not null && ShouldProcess(overlayFile, "Write saliency overlay"))
        {
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

    private string Target(string requested, string source, string suffix)
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(requested);
        var target = Directory.Exists(full)
            ? System.IO.Path.Combine(full, System.IO.Path.GetFileNameWithoutExtension(source) + suffix)
            : full;
        if (InputPathResolver.PathComparer.Equals(target, System.IO.Path.GetFullPath(source)))
            throw new SemanticJpegException(SemanticJpegErrorCode.DestinationIsSource, $"'{target}' is the source image itself.");
        if (!Force && File.Exists(target))
            throw new SemanticJpegException(SemanticJpegErrorCode.DestinationExists, $"'{target}' already exists. Use -Force to overwrite it.");
        return target;
    }

    private void WriteImage(PixelImage pixels, string path) =>
        AtomicFileWriter.Write(path, ImageFileEncoder.EncodeFor(path, pixels), Force);

}
