using SemanticJpeg.Bench;

string imagesDir = args.Length > 0 ? args[0] : Path.Combine("examples", "images");
if (!Directory.Exists(imagesDir))
{
    Console.Error.WriteLine($"Images folder not found: {imagesDir}");
    return 1;
}
if (Environment.GetEnvironmentVariable("PROF") is string pf) { SemanticJpeg.Bench.Prof.Run(pf); return 0; }
EncoderBenchmark.Run(imagesDir);
return 0;
