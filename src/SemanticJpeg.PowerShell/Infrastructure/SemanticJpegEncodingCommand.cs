using System.Management.Automation;
using SemanticJpeg.Pipeline;

namespace SemanticJpeg.PowerShell.Infrastructure;

/// <summary>
/// The encoder parameters ConvertTo-SemanticJpeg and Compare-SemanticJpeg share, declared once (as
/// <see cref="FileInputCommand"/> declares -Path/-LiteralPath), and the one place they become
/// <see cref="SemanticJpegOptions"/>. Strings and switches only: this assembly declares no
/// properties of SemanticJpeg.dll's enum or struct types (the library lives in the module's own
/// load context).
/// </summary>
public abstract class SemanticJpegEncodingCommand : FileInputCommand
{
    /// <summary>A model name (looked up in the module's models folder) or a path to an .onnx with its .json description.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = "resnet18";

    /// <summary>
    /// A greyscale image used as the map instead of the model's (255 = most important, 0 =
    /// background, any size; alpha counts as the map when present); Compare-SemanticJpeg also
    /// weights PSNR-S by it. Binds by property name, so a script block
    /// (<c>-SaliencyMap { "masks/$($_.BaseName).png" }</c>) gives each input its own map.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? SaliencyMap { get; set; }

    /// <summary>Chroma subsampling of the written JPEGs: 420 (default), 422 or 444.</summary>
    [Parameter]
    [ValidateSet("420", "422", "444")]
    public string ChromaSubsampling { get; set; } = "420";

    /// <summary>
    /// How far bytes move to the subject (block error weight 1 + Strength x saliency). Not given: per image,
    /// the strength at which the whole picture is exactly as good as the standard JPEG of the same size.
    /// </summary>
    [Parameter]
    [ValidateRange(0.0, 1e6)]
    public double Strength { get; set; }

    /// <summary>Also render self-contained SVG (no references outside the file); off: raster formats only.</summary>
    [Parameter]
    public SwitchParameter AllowVectorInput { get; set; }

    /// <summary>Replace existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>True when -Strength was given; otherwise the encoder chooses it per image.</summary>
    protected bool StrengthGiven => MyInvocation.BoundParameters.ContainsKey(nameof(Strength));

    /// <summary>The shared parameters as encoder options (-Model resolved against the PowerShell location); the cmdlet adds its own.</summary>
    protected SemanticJpegOptions EncoderOptions() => new()
    {
        Subsampling = SubsamplingArgument.Parse(ChromaSubsampling),
        Model = ModelArgument.Resolve(this, Model),
        Strength = StrengthGiven ? Strength : null,
    };

    /// <summary>-SaliencyMap as a file-system path (resolved against the PowerShell location), or null.</summary>
    protected string? SaliencyMapPath() =>
        SaliencyMap is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(SaliencyMap);
}
