using SemanticJpeg.Bench;

string imagesDir = args.Length > 0 ? args[0] : Path.Combine("examples", "images");
if (!Directory.Exists(imagesDir))
{
    Console.Error.WriteLine($"Images folder not found: {imagesDir}");
    return 1;
}
EncoderBenchmark.Run(imagesDir);
return 0;
