using System.Numerics;
using System.Runtime.CompilerServices;
using SemanticJpeg.Metrics;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Each block's mean, at each of MS-SSIM's scales, of the per-pixel first-order cost of error:
/// <c>1 / (64 (2 sigma^2 + C2))</c>, sigma^2 the Gaussian-window variance of the picture's luma that MS-SSIM itself
/// computes at that scale (<see cref="SsimKernel"/>'s window, on <see cref="MsSsim.Pyramid"/>'s planes).
/// </summary>
/// <remarks>
/// Why per pixel: <c>1 / (2 sigma^2 + C2)</c> is convex, so the cost of a block's mean variance understates the mean
/// of its pixels' costs (Jensen). A block with an edge beside a flat area has a large mean variance, yet most of
/// its pixels are flat and show any error that spreads over them. The block-level estimate of
/// <see cref="StructuralMasking"/> (variances within and between blocks over a box of the window's reach) also
/// takes the 11-tap window as a box, where its Gaussian (sigma 1.5) reaches about 4 pixels. Measured on the
/// kit's photos at Q50: kit masks ROI +1.57 dB against +1.48 with the block-level estimate; with no map global
/// PSNR, MS-SSIM and butteraugli all better (+0.863 / +0.00095 / -0.178 against +0.850 / +0.00092 / -0.162).
/// </remarks>
internal static class LocalContrastGain
{
    /// <summary>
    /// Writes <paramref name="gain"/>[block * scales + j], the block's mean per-pixel cost at scale j, for each scale
    /// from the finest on whose plane holds the whole window; returns how many scales that is (the caller estimates
    /// the rest). Blocks wholly outside the picture (MCU padding) take the nearest block inside.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Apply(int blocksWide, int blocksHigh, IReadOnlyList<LumaPlane> pyramid, float[] gain, int scales)
    {
        var window = SsimKernel.Window(int.MaxValue, int.MaxValue);
        var sums = new float[blocksWide * blocksHigh];
        var counts = new int[blocksWide * blocksHigh];
        int j = 0;
        for (; j < Math.Min(scales, pyramid.Count); j++)
        {
            var plane = pyramid[j];
            if (plane.Width < window.Length || plane.Height < window.Length) break;
            Array.Clear(sums);
            Array.Clear(counts);
            Accumulate(plane, window, j, blocksWide, blocksHigh, sums, counts);
            // The picture's blocks are the top-left ones: padding lies to the right and below.
            int inW = 0, inH = 0;
            for (int bx = 0; bx < blocksWide; bx++) if (counts[bx] > 0) inW = bx + 1;
            for (int by = 0; by < blocksHigh; by++) if (counts[by * blocksWide] > 0) inH = by + 1;
            for (int by = 0; by < blocksHigh; by++)
            for (int bx = 0; bx < blocksWide; bx++)
            {
                int b = Math.Min(by, inH - 1) * blocksWide + Math.Min(bx, inW - 1);
                gain[(by * blocksWide + bx) * scales + j] = sums[b] / counts[b] / 64f;
            }
        }
        return j;
    }

    /// <summary>
    /// Sums the per-pixel cost over each block's footprint at scale j (8 / 2^j pixels a side; at 2^j = 16 a pixel
    /// covers two blocks a side). Positions outside the window's valid region take the nearest valid one. The
    /// window runs as a stream over rows, as in <see cref="SsimKernel"/>: a ring of n horizontally filtered rows.
    /// </summary>
    private static void Accumulate(LumaPlane plane, float[] g, int j, int blocksWide, int blocksHigh, float[] sums, int[] counts)
    {
        int n = g.Length, radius = n / 2, w = plane.Width, h = plane.Height;
        int outW = w - n + 1, outH = h - n + 1;
        var ringMean = new float[n * outW];
        var ringSquare = new float[n * outW];
        var centred = new float[w];
        var squared = new float[w];
        var cost = new float[w];
        var rowSums = new float[blocksWide];
        var rowCounts = new int[blocksWide];
        Span<int> offsets = stackalloc int[n];
        var c2 = new Vector<float>((float)BlockWeights.C2);
        var two = new Vector<float>(2f);
        var centre = new Vector<float>(128f);
        int width = Vector<float>.Count;
        for (int r = 0; r < h; r++)
        {
            var row = plane.Row(r);
            int x = 0;
            // Centred, as SsimKernel does, so E[x^2] - E[x]^2 keeps its precision.
            for (; x <= w - width; x += width)
            {
                var v = new Vector<float>(row.Slice(x)) - centre;
                v.CopyTo(centred, x);
                (v * v).CopyTo(squared, x);
            }
            for (; x < w; x++)
            {
                float v = row[x] - 128f;
                centred[x] = v;
                squared[x] = v * v;
            }
            int slot = r % n;
            SsimKernel.FilterRow(centred, ringMean.AsSpan(slot * outW, outW), g);
            SsimKernel.FilterRow(squared, ringSquare.AsSpan(slot * outW, outW), g);
            int oy = r - (n - 1);
            if (oy < 0) continue;

            // The vertical pass for output row oy and the cost per valid position, written at its pixel (x + radius).
            for (int k = 0; k < n; k++) offsets[k] = ((oy + k) % n) * outW;
            var valid = cost.AsSpan(radius, outW);
            x = 0;
            for (; x <= outW - width; x += width)
            {
                Vector<float> m = Vector<float>.Zero, mm = Vector<float>.Zero;
                for (int k = 0; k < n; k++)
                {
                    var wk = new Vector<float>(g[k]);
                    m += new Vector<float>(ringMean, offsets[k] + x) * wk;
                    mm += new Vector<float>(ringSquare, offsets[k] + x) * wk;
                }
                var variance = Vector.Max(Vector<float>.Zero, mm - m * m);
                (Vector<float>.One / (two * variance + c2)).CopyTo(valid.Slice(x));
            }
            for (; x < outW; x++)
            {
                float m = 0, mm = 0;
                for (int k = 0; k < n; k++)
                {
                    m += ringMean[offsets[k] + x] * g[k];
                    mm += ringSquare[offsets[k] + x] * g[k];
                }
                valid[x] = 1f / (2f * Math.Max(0f, mm - m * m) + c2[0]);
            }
            // The border columns take the nearest valid position.
            cost.AsSpan(0, radius).Fill(valid[0]);
            cost.AsSpan(radius + outW).Fill(valid[outW - 1]);

            // One plane row's costs into block columns ...
            Array.Clear(rowSums);
            Array.Clear(rowCounts);
            if (j <= 3)
            {
                int shift = 3 - j; // 8 / 2^j pixels per block
                for (x = 0; x < w; x++)
                {
                    int b = x >> shift;
                    if (b >= blocksWide) break;
                    rowSums[b] += cost[x];
                    rowCounts[b]++;
                }
            }
            else
            {
                int per = 1 << (j - 3); // blocks per pixel
                for (x = 0; x < w; x++)
                for (int b = x * per; b < Math.Min(blocksWide, (x + 1) * per); b++)
                {
                    rowSums[b] += cost[x];
                    rowCounts[b]++;
                }
            }
            // ... and into the block rows of every plane row this output row stands for (the border rows too).
            int py0 = oy == 0 ? 0 : oy + radius, py1 = oy == outH - 1 ? h : oy + radius + 1;
            for (int py = py0; py < py1; py++)
            {
                int b0 = (py << j) >> 3, b1 = Math.Max(b0 + 1, ((py + 1) << j) >> 3);
                for (int by = b0; by < Math.Min(b1, blocksHigh); by++)
                {
                    var s = sums.AsSpan(by * blocksWide, blocksWide);
                    var c = counts.AsSpan(by * blocksWide, blocksWide);
                    for (int bx = 0; bx < blocksWide; bx++)
                    {
                        s[bx] += rowSums[bx];
                        c[bx] += rowCounts[bx];
                    }
                }
            }
        }
    }
}
