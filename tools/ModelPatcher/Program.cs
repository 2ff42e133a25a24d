// Usage: dotnet run --project tools/ModelPatcher -c Release -- [out.onnx] [--manifest models/resnet18.json] [--source ResNet18.onnx]
//        dotnet run --project tools/ModelPatcher -c Release -- [out.onnx] --manifest models/selfie.json --tfjs-package human-models.tgz
// Default output: <repo>/artifacts/models/<manifest "file">. With --tfjs-package the manifest's TF.js
// graph is read from that npm tarball and converted to ONNX instead of patching an ONNX model.
using SemanticJpeg.ModelPatcher;
using SemanticJpeg.ModelPatcher.Tfjs;

string? output = null, manifest = null, source = null, tfjsPackage = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--manifest": manifest = args[++i]; break;
        case "--source": source = args[++i]; break;
        case "--tfjs-package": tfjsPackage = args[++i]; break;
        case "-h" or "--help":
            Console.WriteLine("ModelPatcher [out.onnx] [--manifest models/resnet18.json] [--source path/to/ResNet18.onnx]");
            return 0;
        default: output = args[i]; break;
    }
}

try
{
    string root = RepoRoot.Find(Environment.CurrentDirectory) ?? RepoRoot.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Cannot find SemanticJpeg.PowerShell.sln above the current folder; pass --manifest and an output path.");
    manifest ??= Path.Combine(root, "models", "resnet18.json");
    output ??= Path.Combine(root, "artifacts", "models", ManifestFile.PatchedFileName(manifest));
    if (tfjsPackage is not null)
    {
        var converted = TfjsModelConverter.Run(manifest, tfjsPackage, output);
        Console.WriteLine($"{(converted.Written ? "Wrote" : "Up to date:")} {converted.OutputPath} (sha256 {converted.Sha256}, {converted.Elapsed.TotalMilliseconds:F0} ms)");
        return 0;
    }
    var result = SaliencyModelPatcher.Run(manifest, output, source);
    Console.WriteLine($"{(result.Written ? "Wrote" : "Up to date:")} {result.OutputPath} (sha256 {result.Sha256}, {result.Elapsed.TotalMilliseconds:F0} ms)");
    return 0;
}
catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException or NotSupportedException)
{
    Console.Error.WriteLine("ModelPatcher: " + ex.Message);
    return 1;
}
