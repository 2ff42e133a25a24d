using SemanticJpeg.Bench;

// Usage: dotnet run -c Release --project bench/SemanticJpeg.Bench -- [imagesDir] [encoder|saliency|detect|progressive|all]
//        dotnet run -c Release --project bench/SemanticJpeg.Bench -- photosDir detect-maps outDir
// Prints MP/s of our encoder (fixed quality and rate-controlled) against Magick.NET measured in the
// same run, the saliency map's time per image at each input scale, and progressive vs baseline size and speed.
string imagesDir = args.Length > 0 ? args[0] : Path.Combine("examples", "images");
string which = args.Length > 1 ? args[1] : "all";
if (!Directory.Exists(imagesDir))
{
    Console.Error.WriteLine($"Images folder not found: {imagesDir}");
    return 1;
}
if (which is "all" or "encoder")
    EncoderBenchmark.Run(imagesDir);
if (which is "all" or "saliency")
    SaliencyBenchmark.Run(imagesDir);
if (which is "all" or "detect")
    DetectionBenchmark.Run(imagesDir);
if (which is "detect-maps")
    DetectionBenchmark.WriteMaps(imagesDir, args[2]);
if (which is "all" or "progressive")
    ProgressiveBenchmark.Run(imagesDir);
return 0;
