using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Tests.Jpeg.Progressive;

/// <summary>One image quantised once at a uniform quality: its coefficients, tables, and the baseline file of them.</summary>
internal sealed class ProgressiveFixture : IDisposable
{
    public ProgressiveFixture(PixelImage image, int quality, JpegWriterOptions options)
    {
        Options = options;
        var baselineOptions = new JpegWriterOptions
        {
            Subsampling = options.Subsampling,
            RestartInterval = options.RestartInterval,
            Exif = options.Exif,
            IccProfile = options.IccProfile,
        };
        Encoder = new RegionQualityEncoder(image, BlockImportance.Uniform(image.Width, image.Height), baselineOptions);
        double s = QuantizationTables.LibjpegScale(quality);
        Plan = QuantPlan.Create(s, s);
        Quantized = new QuantizedImage(Encoder.Layout);
        var stats = new SymbolStatistics();
        Encoder.Quantize(Plan, Quantized, stats);
        Baseline = Encoder.Write(Plan, Quantized, stats);
    }

    public JpegWriterOptions Options { get; }
    public RegionQualityEncoder Encoder { get; }
    public QuantPlan Plan { get; }
    public QuantizedImage Quantized { get; }
    public byte[] Baseline { get; }
    public FrameLayout Layout => Encoder.Layout;

    public byte[] WriteSearched() => SemanticJpeg.Jpeg.Progressive.ProgressiveJpegWriter.Write(Layout, Plan.Tables, Quantized, Options);

    public void Dispose()
    {
        Quantized.Dispose();
        Encoder.Dispose();
    }

    /// <summary>The frame type marker (0xC0 baseline, 0xC2 progressive) of a file, walking the segments.</summary>
    public static int FrameMarker(byte[] jpeg) => jpeg[FrameOffset(jpeg) + 1];

    /// <summary>Offset of the frame header's marker.</summary>
    public static int FrameOffset(byte[] jpeg)
    {
        int pos = 2;
        while (pos + 4 <= jpeg.Length)
        {
            if (jpeg[pos] != 0xFF) throw new InvalidDataException($"No marker at {pos}.");
            int code = jpeg[pos + 1];
            if (code is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC) return pos;
            pos += 2 + (jpeg[pos + 2] << 8 | jpeg[pos + 3]);
        }
        throw new InvalidDataException("No frame header.");
    }

    /// <summary>Number of SOS markers (scans) in a file.</summary>
    public static int ScanCount(byte[] jpeg)
    {
        int n = 0;
        for (int i = 0; i + 1 < jpeg.Length; i++)
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA) n++;
        return n;
    }

    /// <summary>0x00 bytes stuffed after 0xFF data bytes (T.81 F.1.2.3).</summary>
    public static int StuffedBytes(byte[] jpeg)
    {
        int n = 0;
        for (int i = 0; i + 1 < jpeg.Length; i++)
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0x00) n++;
        return n;
    }
}
