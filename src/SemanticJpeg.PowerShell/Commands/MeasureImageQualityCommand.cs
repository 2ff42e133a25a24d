using System.Management.Automation;
using SemanticJpeg.Imaging;
using SemanticJpeg.Metrics;
using SemanticJpeg.Pipeline;
using SemanticJpeg.PowerShell.Infrastructure;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.PowerShell.Commands;

/// <summary>
/// Full-reference quality of images against their original: PSNR, SSIM, MS-SSIM, PSNR-HVS(-M) and
/// PSNR in the salient region and in the background.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "ImageQuality", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ImageQualityResult))]
public sealed class MeasureImageQualityCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private string? _referenceFile;
    private LoadedImage? _reference;
    private SaliencyMap? _weights;
    private string _weightsSource = "none";

    /// <summary>The original image the others are compared with.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Reference", "Original")]
    [ValidateNotNullOrEmpty]
    public string ReferencePath { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP", "FullName", "Destination")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>A grey image whose values (0-255 → 0-1) weight PSNR-S instead of the model's map.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Mask { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = "resnet18";

    /// <summary>Also render self-contained SVG (no references outside the file); off: raster formats only.</summary>
    [Parameter]
    public SwitchParameter AllowVectorInput { get; set; }

    /// <summary>Skip the salient/background PSNR (and the model).</summary>
    [Parameter]
    public SwitchParameter NoSaliency { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _referenceFile = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReferencePath);
            _reference = ImageLoader.Load(_referenceFile, LoadOptions);
            if (Mask is not null)
            {
                var maskFile = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Mask);
                _weights = LoadMask(maskFile, _reference.Pixels);
                _weightsSource = maskFile;
            }
            else if (!NoSaliency)
            {
                var model = SaliencyModel.Get(ModelArgument.Resolve(this, Model));
                _weights = model.Compute(_reference.Pixels);
                _weightsSource = model.Name;
            }
        }
        catch (SemanticJpegException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, ReferencePath));
        }
    }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (var file in InputPathResolver.Resolve(this, literal ? LiteralPath : Path, literal))
        {
            try
            {
                WriteObject(Measure(file));
            }
            catch (Exception e) when (e is not PipelineStoppedException)
            {
                WriteError(ErrorRecords.From(e, file));
            }
        }
    }

    private ImageQualityResult Measure(string file)
    {
        var reference = _reference!.Pixels;
        var distorted = ImageLoader.Load(file, LoadOptions).Pixels;
        if (distorted.Width != reference.Width || distorted.Height != reference.Height)
            throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument,
                $"'{file}' is {distorted.Width}x{distorted.Height} but the reference is {reference.Width}x{reference.Height}.");
        var q = ImageQuality.Measure(reference, distorted, _weights);
        long bytes = new FileInfo(file).Length;
        return new ImageQualityResult
        {
            Reference = _referenceFile!,
            Path = file,
            Width = reference.Width,
            Height = reference.Height,
            Bytes = bytes,
            BitsPerPixel = bytes * 8.0 / reference.PixelCount,
            PsnrRgb = q.PsnrRgb,
            PsnrY = q.PsnrY,
            Ssim = q.Ssim,
            MsSsim = q.MsSsim,
            PsnrHvs = q.PsnrHvs,
            PsnrHvsM = q.PsnrHvsM,
            PsnrSalient = q.PsnrSalient,
            PsnrBackground = q.PsnrBackground,
            Weights = _weightsSource,
        };
    }

    private ImageLoadOptions LoadOptions => new() { KeepExif = false, AllowVectorInput = AllowVectorInput };

    private SaliencyMap LoadMask(string path, PixelImage reference)
    {
        var mask = ImageLoader.Load(path, LoadOptions).Pixels;
        if (mask.Width != reference.Width || mask.Height != reference.Height)
            throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument,
                $"The mask '{path}' is {mask.Width}x{mask.Height} but the reference is {reference.Width}x{reference.Height}.");
        var values = new float[mask.PixelCount];
        for (long i = 0; i < values.Length; i++)
            values[i] = mask.Pixels[i * mask.Channels] / 255f;
        return new SaliencyMap(mask.Width, mask.Height, values);
    }
}
