using System.Diagnostics;
using System.Management.Automation;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Pipeline;
using SemanticJpeg.Saliency;
using SemanticJpeg.PowerShell.Infrastructure;
using SemanticJpeg.Saliency.Detection;

namespace SemanticJpeg.PowerShell.Commands;

/// <summary>
/// Converts images to standard baseline JPEGs whose bytes go where a saliency CNN says people look.
/// Thin: resolving paths and destinations, ShouldProcess, progress and errors live here; the work
/// is <see cref="SemanticJpegEncoder"/>.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "SemanticJpeg", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(SemanticJpegResult))]
public sealed class ConvertToSemanticJpegCommand : SemanticJpegEncodingCommand
{
    private const string InputObjectSet = "InputObject";

    private OrderedWorkQueue<WorkItem, SemanticJpegResult>? _queue;
    private SemanticJpegOptions _options = new();
    private bool _modelRequested;
    private DestinationPlanner? _destinations;
    private int _started;
    private int _finished;
    private int _progressId;
    private readonly Stopwatch _clock = new();

    // A MagickImage from whichever Magick.NET the session loaded: the module's own copy lives in its
    // private load context, so this assembly cannot name the type. PSTypeName still lets the binder
    // tell images from strings and files (those go to -Path / -LiteralPath), as a typed parameter
    // would. Not PSObject[]: the binder checks PSTypeName on an array parameter only after coercion,
    // by which time -Path has taken the image as a string.
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [PSTypeName(MagickImageTypeName)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    private const string MagickImageTypeName = "ImageMagick.MagickImage";

    /// <summary>A folder (created on demand) or, for a single input, a file path.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    [Parameter]
    [ValidateRange(1, 100)]
    public int Quality { get; set; } = 75;

    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long TargetSize { get; set; }

    [Parameter]
    [ValidateRange(1, 100)]
    public int SalientQuality { get; set; }

    [Parameter]
    [ValidateRange(1, 100)]
    public int BackgroundQuality { get; set; }

    /// <summary>What the map is made of: Faces, People, Objects (all by default), e.g. -Detect Faces,People.</summary>
    [Parameter]
    [ValidateSet("Faces", "People", "Objects", "All", "None")]
    public string[] Detect { get; set; } = ["All"];

    [Parameter]
    public SwitchParameter StripMetadata { get; set; }

    /// <summary>Progressive JPEG (SOF2) with a searched scan script instead of baseline.</summary>
    [Parameter]
    public SwitchParameter Progressive { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Background { get; set; } = "white";

    [Parameter]
    [ValidateRange(0.000001, 100000)]
    public double MaxMegapixels { get; set; } = ImageLoadOptions.DefaultMaxPixels / 1e6;

    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _options = BuildOptions();
        _destinations = new DestinationPlanner(
            Destination is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination),
            Force, DestinationPlanner.IsJpegName);
        _progressId = GetHashCode() & 0x7fff;
        _queue = new OrderedWorkQueue<WorkItem, SemanticJpegResult>(ThrottleLimit);
        _clock.Start();
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case InputObjectSet:
                foreach (var image in Images(InputObject!))
                {
                    var name = MagickImageImport.FileNameOf(image.BaseObject);
                    Submit(new WorkItem(name ?? "<image>", name, image.BaseObject));
                }
                break;
            default:
                foreach (var file in ResolveInputFiles())
                    Submit(new WorkItem(file, file, null));
                break;
        }
    }

    protected override void EndProcessing()
    {
        _queue!.EmitAll(Emit);
        WriteProgress(new ProgressRecord(_progressId, Activity, "Done") { PercentComplete = 100, RecordType = ProgressRecordType.Completed });
    }

    protected override void StopProcessing()
    {
        _queue?.Cancel();
        // Let workers reach a checkpoint: a worker mid-write finishes its atomic rename or deletes
        // its temporary file, so Ctrl+C never leaves a partial JPEG behind.
        _queue?.WaitForRunning(TimeSpan.FromSeconds(30));
    }

    private const string Activity = "Converting to semantic JPEG";

    /// <summary>The images of one -InputObject value: -InputObject $a, $b arrives as one array (PSTypeName checked each element).</summary>
    private static IEnumerable<PSObject> Images(PSObject input) =>
        input.TypeNames.Contains(MagickImageTypeName) ? [input]
        : input.BaseObject is System.Collections.IEnumerable many ? many.Cast<object>().Select(PSObject.AsPSObject)
        : [input];

    private void Submit(WorkItem item)
    {
        string destination;
        try
        {
            destination = _destinations!.For(item.SourcePath, ".jpg");
        }
        catch (SemanticJpegException e)
        {
            WriteError(ErrorRecords.From(e, item.Display));
            return;
        }
        if (!ShouldProcess(item.Display + " -> " + destination, "Convert to semantic JPEG"))
            return;
        try
        {
            // Only now: -WhatIf and a "No" to -Confirm must not leave new folders behind.
            _destinations.Claim(destination);
        }
        catch (SemanticJpegException e)
        {
            WriteError(ErrorRecords.From(e, item.Display));
            return;
        }
        _started++;
        WriteProgress(new ProgressRecord(_progressId, Activity, $"{_finished} of {_started} done, started {System.IO.Path.GetFileName(item.Display)}"));
        var options = _options;
        var loadOptions = new ImageLoadOptions
        {
            MaxPixels = (long)(MaxMegapixels * 1e6),
            Background = Background,
            KeepExif = !StripMetadata,
            AllowVectorInput = AllowVectorInput,
        };
        bool overwrite = Force;
        string? map = SaliencyMapPath();
        if (!_modelRequested && map is null)
        {
            // Load the model now with the session the workers use (their share of the cores), so
            // it is not loaded with another first. A model that cannot load is reported per file.
            _modelRequested = true;
            try { SaliencyModel.Get(options.Model, options.Saliency); }
            catch (SemanticJpegException) { }
        }
        _queue!.Enqueue(item,
            cancel => Convert(item, destination, options, map, loadOptions, overwrite, cancel),
            Emit);
    }

    private static SemanticJpegResult Convert(WorkItem item, string destination, SemanticJpegOptions options, string? mapPath, ImageLoadOptions loadOptions, bool overwrite, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var loaded = item.Image is not null
            ? MagickImageImport.Load(item.Image, loadOptions)
            : ImageLoader.Load(item.SourcePath!, loadOptions);
        cancel.ThrowIfCancellationRequested();
        if (mapPath is not null)
            options = options with { SaliencyMap = SaliencyMapReader.Read(mapPath, loaded.Pixels.Width, loaded.Pixels.Height, loadOptions) };
        var encoded = SemanticJpegEncoder.Encode(loaded, options, cancel);
        cancel.ThrowIfCancellationRequested();
        AtomicFileWriter.Write(destination, encoded.Data, overwrite);
        var pixels = loaded.Pixels;
        return new SemanticJpegResult
        {
            Source = item.Display,
            Destination = destination,
            Width = pixels.Width,
            Height = pixels.Height,
            Bytes = encoded.Data.LongLength,
            StandardBytes = encoded.StandardBytes,
            CompressionRatio = pixels.PixelCount * 3.0 / encoded.Data.LongLength,
            BitsPerPixel = encoded.Data.LongLength * 8.0 / pixels.PixelCount,
            MeanSaliency = encoded.MeanSaliency,
            SalientArea = encoded.SalientArea,
            Strength = encoded.Strength,
            Mode = ModeText(options),
            Elapsed = clock.Elapsed,
            Warnings = loaded.Warnings,
            Notes = loaded.Notes,
        };
    }

    private void Emit(WorkItem item, Task<SemanticJpegResult> task)
    {
        _finished++;
        if (task.IsCanceled)
            return;
        if (task.IsFaulted)
        {
            WriteError(ErrorRecords.From(task.Exception!, item.Display));
        }
        else
        {
            foreach (var warning in task.Result.Warnings)
                WriteWarning(warning);
            foreach (var note in task.Result.Notes)
                WriteVerbose(note);
            WriteVerbose($"{item.Display} -> {task.Result.Destination}: {task.Result.Bytes} bytes in {task.Result.Elapsed.TotalMilliseconds:0} ms");
            if (PassThru)
                WriteObject(task.Result);
        }
        WriteProgress(new ProgressRecord(_progressId, Activity, $"{_finished} of {_started} done ({_clock.Elapsed.TotalSeconds:0.0} s)"));
    }

    private SemanticJpegOptions BuildOptions()
    {
        bool target = MyInvocation.BoundParameters.ContainsKey(nameof(TargetSize));
        bool quality = MyInvocation.BoundParameters.ContainsKey(nameof(Quality));
        bool salient = MyInvocation.BoundParameters.ContainsKey(nameof(SalientQuality));
        bool background = MyInvocation.BoundParameters.ContainsKey(nameof(BackgroundQuality));
        if ((target ? 1 : 0) + (quality ? 1 : 0) + (salient || background ? 1 : 0) > 1)
            ThrowTerminatingError(ErrorRecords.Create(SemanticJpegErrorCode.InvalidArgument,
                "Choose one size mode: -Quality, -TargetSize, or -SalientQuality with -BackgroundQuality.", null));
        if (salient != background)
            ThrowTerminatingError(ErrorRecords.Create(SemanticJpegErrorCode.InvalidArgument,
                "-SalientQuality and -BackgroundQuality go together.", null));

        var options = EncoderOptions() with
        {
            Mode = target ? RateMode.TargetSize : salient ? RateMode.FixedQualities : RateMode.Quality,
            Quality = Quality,
            TargetBytes = TargetSize,
            SalientQuality = SalientQuality,
            BackgroundQuality = BackgroundQuality,
            Detect = DetectArgument.Parse(Detect),
            StripMetadata = StripMetadata,
            Progressive = Progressive,
            // -ThrottleLimit workers each compute maps: split the cores between them instead of
            // letting every map's network take them all.
            Saliency = SaliencyOptions.Default with { Threads = Math.Max(1, Environment.ProcessorCount / ThrottleLimit) },
        };
        try
        {
            options.Validate();
        }
        catch (SemanticJpegException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, null));
        }
        return options;
    }


    private static string ModeText(SemanticJpegOptions o) => o.Mode switch
    {
        RateMode.Quality => $"Quality {o.Quality}",
        RateMode.TargetSize => $"TargetSize {o.TargetBytes}",
        _ => $"Regions {o.SalientQuality}/{o.BackgroundQuality}",
    };

    /// <summary>A file to read, or a caller's Magick.NET image (<see cref="Image"/>, any Magick.NET version).</summary>
    private sealed record WorkItem(string Display, string? SourcePath, object? Image);
}
