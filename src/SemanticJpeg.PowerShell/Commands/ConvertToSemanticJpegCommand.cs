using System.Diagnostics;
using System.Management.Automation;
using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Pipeline;
using SemanticJpeg.Saliency;
using SemanticJpeg.PowerShell.Infrastructure;

namespace SemanticJpeg.PowerShell.Commands;

/// <summary>
/// Converts images to standard baseline JPEGs whose bytes go where a saliency CNN says people look.
/// Thin: resolving paths and destinations, ShouldProcess, progress and errors live here; the work
/// is <see cref="SemanticJpegEncoder"/>.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "SemanticJpeg", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(SemanticJpegResult))]
public sealed class ConvertToSemanticJpegCommand : FileInputCommand
{
    private const string InputObjectSet = "InputObject";

    private OrderedWorkQueue<WorkItem, SemanticJpegResult>? _queue;
    private SemanticJpegOptions _options = new();
    private readonly HashSet<string> _claimedDestinations = new(InputPathResolver.PathComparer);
    private bool _modelRequested;
    private string? _destinationFolder;
    private string? _destinationFile;
    private int _started;
    private int _finished;
    private int _progressId;
    private readonly Stopwatch _clock = new();

    // The concrete class, not IMagickImage<byte>: PowerShell's binder does not bind pipeline objects
    // to interface-typed arrays without coercion, and would turn the image into a -Path string.
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public MagickImage[] InputObject { get; set; } = [];

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

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = "resnet18";

    [Parameter]
    [ValidateSet("420", "422", "444")]
    public string ChromaSubsampling { get; set; } = "420";

    /// <summary>How much pure background matters next to the subject (0.125; 1 = gentle, 0.02 = aggressive).</summary>
    [Parameter]
    [ValidateRange(0.001, 1000)]
    public double BackgroundWeight { get; set; } = ImportanceWeighting.DefaultBackgroundWeight;

    [Parameter]
    public SwitchParameter StripMetadata { get; set; }

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
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _options = BuildOptions();
        ResolveDestination();
        _progressId = GetHashCode() & 0x7fff;
        _queue = new OrderedWorkQueue<WorkItem, SemanticJpegResult>(ThrottleLimit);
        _clock.Start();
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case InputObjectSet:
                foreach (var image in InputObject)
                {
                    var name = string.IsNullOrEmpty(image.FileName) ? null : image.FileName;
                    Submit(new WorkItem(name ?? "<image>", name, image));
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

    private void Submit(WorkItem item)
    {
        string destination;
        try
        {
            destination = DestinationFor(item);
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
            EnsureFolder(System.IO.Path.GetDirectoryName(destination)!);
        }
        catch (SemanticJpegException e)
        {
            WriteError(ErrorRecords.From(e, item.Display));
            return;
        }
        if (!_claimedDestinations.Add(destination))
        {
            WriteError(ErrorRecords.Create(SemanticJpegErrorCode.DestinationExists,
                $"Another input of this call already writes '{destination}'.", item.Display));
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
        };
        bool overwrite = Force;
        if (!_modelRequested)
        {
            // Load the model now with the session the workers use (their share of the cores), so
            // it is not loaded with another first. A model that cannot load is reported per file.
            _modelRequested = true;
            try { SaliencyModelLoader.Get(options.Model, options.Saliency); }
            catch (SemanticJpegException) { }
        }
        _queue!.Enqueue(item,
            cancel => Convert(item, destination, options, loadOptions, overwrite, cancel),
            Emit);
    }

    private static SemanticJpegResult Convert(WorkItem item, string destination, SemanticJpegOptions options, ImageLoadOptions loadOptions, bool overwrite, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var loaded = item.Image is not null
            ? ImageLoader.FromMagickImage(item.Image, loadOptions)
            : ImageLoader.Load(item.SourcePath!, loadOptions);
        cancel.ThrowIfCancellationRequested();
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

        var options = new SemanticJpegOptions
        {
            Mode = target ? RateMode.TargetSize : salient ? RateMode.FixedQualities : RateMode.Quality,
            Quality = Quality,
            TargetBytes = TargetSize,
            SalientQuality = SalientQuality,
            BackgroundQuality = BackgroundQuality,
            Subsampling = SubsamplingArgument.Parse(ChromaSubsampling),
            Model = ModelArgument.Resolve(this, Model),
            StripMetadata = StripMetadata,
            BackgroundWeight = BackgroundWeight,
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


    private void ResolveDestination()
    {
        if (Destination is null)
            return;
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
        // Only a JPEG file name makes -Destination a file: "photos.v2" or "out.png" are folders.
        var extension = System.IO.Path.GetExtension(full).ToLowerInvariant();
        bool looksLikeFile = extension is ".jpg" or ".jpeg" or ".jpe" or ".jfif" && !Directory.Exists(full)
            && !Destination.EndsWith('/') && !Destination.EndsWith('\\');
        if (looksLikeFile)
            _destinationFile = full;
        else
            _destinationFolder = full;
    }

    private string DestinationFor(WorkItem item)
    {
        string destination;
        if (_destinationFile is not null)
        {
            if (_claimedDestinations.Count > 0)
                throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument,
                    $"-Destination '{Destination}' is a file, so it takes a single input; pass a folder to convert several images.");
            destination = _destinationFile;
        }
        else
        {
            if (item.SourcePath is null && _destinationFolder is null)
                throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument,
                    "An image without a file name needs -Destination with a file path.");
            var baseName = item.SourcePath is null ? "image" : System.IO.Path.GetFileNameWithoutExtension(item.SourcePath);
            var folder = _destinationFolder ?? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(item.SourcePath!))!;
            destination = System.IO.Path.Combine(folder, baseName + ".jpg");
        }

        if (item.SourcePath is not null && InputPathResolver.PathComparer.Equals(System.IO.Path.GetFullPath(item.SourcePath), destination))
            throw new SemanticJpegException(SemanticJpegErrorCode.DestinationIsSource,
                $"The output for '{item.SourcePath}' would overwrite the source itself; pass -Destination with another folder or file name.");
        if (Directory.Exists(destination))
            throw new SemanticJpegException(SemanticJpegErrorCode.DestinationNotWritable, $"'{destination}' is a directory.");
        if (!Force && File.Exists(destination))
            throw new SemanticJpegException(SemanticJpegErrorCode.DestinationExists,
                $"'{destination}' already exists. Use -Force to overwrite it.");
        return destination;
    }

    private void EnsureFolder(string folder)
    {
        if (Directory.Exists(folder))
            return;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SemanticJpegException(SemanticJpegErrorCode.DestinationNotWritable, $"Cannot create the folder '{folder}': {e.Message}", e);
        }
    }

    private static string ModeText(SemanticJpegOptions o) => o.Mode switch
    {
        RateMode.Quality => $"Quality {o.Quality}",
        RateMode.TargetSize => $"TargetSize {o.TargetBytes}",
        _ => $"Regions {o.SalientQuality}/{o.BackgroundQuality}",
    };

    private sealed record WorkItem(string Display, string? SourcePath, IMagickImage<byte>? Image);
}
