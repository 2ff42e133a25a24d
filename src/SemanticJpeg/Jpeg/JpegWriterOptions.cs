namespace SemanticJpeg.Jpeg;

/// <summary>File-level settings of the region-quality JPEG writer. Immutable (a record: derive variants with <c>with</c>); one instance may be shared.</summary>
internal sealed record JpegWriterOptions
{
    /// <summary>Chroma subsampling of colour images (ignored for grey images, which get one component).</summary>
    public ChromaSubsampling Subsampling { get; init; } = ChromaSubsampling.Yuv420;

    /// <summary>
    /// TIFF payload of an APP1 Exif segment, i.e. the bytes after <c>"Exif\0\0"</c>; the writer adds the header.
    /// Silently skipped when it does not fit one segment (65533 - 6 bytes).
    /// </summary>
    public byte[]? Exif { get; init; }

    /// <summary>Raw ICC profile, written as APP2 <c>"ICC_PROFILE\0"</c> chunks of at most 65519 bytes each.</summary>
    public byte[]? IccProfile { get; init; }

    /// <summary>Restart interval in MCUs (DRI marker and RSTn in the scan); 0 = none.</summary>
    public int RestartInterval { get; init; }

    /// <summary>
    /// True: per-image optimal Huffman tables (libjpeg <c>optimize_coding</c>); false: the ITU T.81 Annex K.3 tables.
    /// </summary>
    public bool OptimizeHuffman { get; init; } = true;

    /// <summary>
    /// How importance between 0 and 1 maps to quality: the quantiser scale is interpolated geometrically between
    /// background and salient by importance^exponent. Below 1, fairly important blocks stay close to the salient
    /// quality. With a soft centre-weighted map at the size of a Q50 file, 0.5 gives the same or a better salient
    /// PSNR than 1 on our sample photos, and 0.6 to 1.2 dB more in the background.
    /// </summary>
    public double ImportanceExponent { get; init; } = 0.5;

    /// <summary>
    /// RD writer: exponent on the Annex K shape of the file's tables (1 = Annex K, 0 = flat). See RdTables and
    /// README-encoder.md for the measurements behind the default.
    /// </summary>
    public double TableShape { get; init; } = 0.5;

    /// <summary>
    /// RD writer: lambda relative to the high-rate optimum for the tables' geometric-mean step (8.66 bits per
    /// squared step). 0.35 measured best with the 0.5 table shape: 1 zeroes so much texture that MS-SSIM falls
    /// below a standard JPEG's at equal size; 0.25 gives back PSNR for no further MS-SSIM (README-encoder.md).
    /// </summary>
    public float LambdaFactor { get; init; } = 0.35f;

    /// <summary>
    /// Progressive JPEG (SOF2) instead of baseline: the same quantised coefficients, so the same pixels, spread
    /// over a searched list of scans with optimal Huffman tables per scan (see Progressive/README.md). Always uses
    /// optimised tables, whatever <see cref="OptimizeHuffman"/> says. Rate control sizes the progressive file.
    /// </summary>
    public bool Progressive { get; init; }

    /// <summary>
    /// RD writer: subsample the chroma by the least-squares fit to the decoder's triangle upsampler
    /// (<see cref="Components.FittedDownsampler"/>) instead of box averaging. Standard files and the fixed qualities
    /// keep libjpeg's box average. Off: the RD writer codes the box-averaged chroma too (ablations, tests).
    /// </summary>
    public bool FitChroma { get; init; } = true;

    /// <summary>Tests only: run the scalar code paths even where SIMD is available.</summary>
    internal bool ForceScalar { get; init; }

}
