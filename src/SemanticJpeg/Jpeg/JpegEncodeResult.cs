namespace SemanticJpeg.Jpeg;

/// <summary>One encoded file and the choice that produced it.</summary>
/// <param name="Data">The complete JPEG file (baseline; progressive with <see cref="JpegWriterOptions.Progressive"/>).</param>
/// <param name="TableQuality">libjpeg quality of the quantisation tables in the file (may be fractional under rate control).</param>
/// <param name="SalientQuality">Effective quality of importance-1 blocks.</param>
/// <param name="BackgroundQuality">Effective quality of importance-0 blocks (below 1 means zeroing beyond Q1's tables).</param>
/// <param name="Iterations">Bit-count evaluations the rate controller made (0 for fixed-quality encodes).</param>
/// <param name="TargetMet">False only for <see cref="RegionQualityEncoder.EncodeToSize"/> when the target was out of reach.</param>
internal sealed record JpegEncodeResult(
    byte[] Data,
    double TableQuality,
    double SalientQuality,
    double BackgroundQuality,
    int Iterations,
    bool TargetMet = true)
{
    public long Length => Data.LongLength;

    /// <summary>RD writer: the strength k used (block weight a_b + k p_b); 0 for other encodes.</summary>
    public double Strength { get; init; }
}
