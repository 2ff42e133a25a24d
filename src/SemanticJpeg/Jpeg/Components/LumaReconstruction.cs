using System.Numerics;
using System.Runtime.CompilerServices;
using SemanticJpeg.Metrics;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// The luma plane a decoder makes of the file's levels (dequantised, inverse DCT, level shift, clamped to 0..255,
/// cropped to the picture), or of the stored coefficients themselves (the original luma, up to float rounding):
/// the writer's view of its own output, for the whole-image MS-SSIM check of the strength
/// (<see cref="MsSsimCheck"/>).
/// </summary>
internal static class LumaReconstruction
{
    /// <summary>
    /// The luma the stored (unquantised) coefficients stand for: the picture's own, up to float rounding. The writer
    /// compares against the picture's luma itself (<see cref="BlockWeights.OriginalLuma"/>); this is the tests' check
    /// of the inverse path <see cref="Decoded"/> shares.
    /// </summary>
    public static LumaPlane Original(FrameLayout layout, float[] lumaCoefficients)
    {
        var zz = ZigZag.ToNatural.ToArray();
        var unscale = new float[64];
        for (int k = 0; k < 64; k++) unscale[k] = (float)(1.0 / FloatDct.ScaleFactor(zz[k]));
        return Build(layout, null, (bx, by, natural) =>
        {
            var c = lumaCoefficients.AsSpan((by * layout.Components[0].BlocksWide + bx) * 64, 64);
            for (int k = 0; k < 64; k++) natural[zz[k]] = c[k] * unscale[k];
            return true;
        });
    }

    /// <summary>
    /// The luma a decoder shows for the luma <paramref name="levels"/> (zig-zag, with their non-zero
    /// <paramref name="masks"/>) quantised with <paramref name="table"/> (natural order).
    /// </summary>
    /// <param name="layout">The frame.</param>
    /// <param name="levels">Luma levels, zig-zag.</param>
    /// <param name="masks">Their non-zero masks.</param>
    /// <param name="table">The luma table, natural order.</param>
    /// <param name="into">A plane of the picture's size to write into (reused between calls: a large photo's plane is hundreds of MB); null: a new one.</param>
    public static LumaPlane Decoded(FrameLayout layout, short[] levels, ulong[] masks, ushort[] table, LumaPlane? into = null)
    {
        var zz = ZigZag.ToNatural.ToArray();
        int blocksWide = layout.Components[0].BlocksWide;
        return Build(layout, into, (bx, by, natural) =>
        {
            int b = by * blocksWide + bx;
            natural.Clear();
            natural[0] = levels[b * 64] * table[0];
            ulong ac = masks[b] & ~1UL;
            if (ac == 0) return false; // flat: the block mean alone
            var l = levels.AsSpan(b * 64, 64);
            while (ac != 0)
            {
                int k = BitOperations.TrailingZeroCount(ac);
                ac &= ac - 1;
                natural[zz[k]] = l[k] * table[zz[k]];
            }
            return true;
        });
    }

    /// <summary>Fills a block's natural-order coefficients; false when only the DC term is non-zero.</summary>
    private delegate bool BlockSource(int bx, int by, Span<float> natural);

    private static LumaPlane Build(FrameLayout layout, LumaPlane? into, BlockSource source)
    {
        int width = layout.Width, height = layout.Height;
        if (into is not null && (into.Width != width || into.Height != height)) throw new ArgumentException("The plane is not the picture's size.", nameof(into));
        var samples = into?.Samples ?? new float[(long)width * height];
        int blockRows = (height + 7) / 8, blockCols = (width + 7) / 8;
        Parallel.For(0, blockRows, by => BuildRow(source, samples, width, height, blockCols, by));
        return into ?? new LumaPlane(width, height, samples);
    }

    /// <summary>One row of blocks: inverse DCT, level shift, clamp, crop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BuildRow(BlockSource source, float[] samples, int width, int height, int blockCols, int by)
    {
        Span<float> natural = stackalloc float[64];
        Span<float> block = stackalloc float[64];
        int rows = Math.Min(8, height - by * 8);
        for (int bx = 0; bx < blockCols; bx++)
        {
            if (source(bx, by, natural)) Dct8x8.Inverse(natural, block);
            else block.Fill(natural[0] / 8f); // DC basis: sqrt(1/8)^2 per sample
            int cols = Math.Min(8, width - bx * 8);
            for (int r = 0; r < rows; r++)
            {
                var dst = samples.AsSpan((by * 8 + r) * width + bx * 8, cols);
                var src = block.Slice(r * 8, cols);
                for (int x = 0; x < cols; x++) dst[x] = Math.Clamp(src[x] + 128f, 0f, 255f);
            }
        }
    }
}
