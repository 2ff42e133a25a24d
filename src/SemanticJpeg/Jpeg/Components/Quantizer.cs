using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Scalar quantisation of one block in zig-zag order: <c>level = round(coef * recip)</c>, set to 0 when
/// <c>|coef * recip|</c> is below the block's zero threshold. A threshold of 0.5 is plain rounding (what libjpeg
/// does); a larger one is a dead zone that zeroes small coefficients, which is how a less important block gets a
/// coarser effective quantiser while the file keeps one global table (jpegli's adaptive quantisation works the same way).
/// </summary>
internal static class Quantizer
{
    /// <summary>Baseline Huffman tables code AC magnitudes up to 10 bits (T.81 F.1.2.2, Table F.2).</summary>
    public const int MaxAc = 1023;

    /// <summary>Quantises 64 coefficients; returns the mask of non-zero levels (bit k = zig-zag position k).</summary>
    public static ulong Quantize(ReadOnlySpan<float> coef, ReadOnlySpan<float> recip, ReadOnlySpan<float> threshold, Span<short> levels, bool allowSimd)
    {
        if (coef.Length < 64 || recip.Length < 64 || threshold.Length < 64 || levels.Length < 64)
            throw new ArgumentException("Blocks have 64 entries.");
        if (allowSimd && Vector256.IsHardwareAccelerated)
            return QuantizeVector256(ref Unsafe.AsRef(in coef[0]), ref Unsafe.AsRef(in recip[0]), ref Unsafe.AsRef(in threshold[0]), ref levels[0]);
        return QuantizeScalar(coef, recip, threshold, levels);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong QuantizeScalar(ReadOnlySpan<float> coef, ReadOnlySpan<float> recip, ReadOnlySpan<float> threshold, Span<short> levels)
    {
        ulong mask = 0;
        for (int k = 0; k < 64; k++)
        {
            float x = coef[k] * recip[k];
            int q = 0;
            if (MathF.Abs(x) >= threshold[k])
            {
                q = (int)(x + MathF.CopySign(0.5f, x)); // round half away from zero
                if (k > 0) q = Math.Clamp(q, -MaxAc, MaxAc);
            }
            levels[k] = (short)q;
            if (q != 0) mask |= 1UL << k;
        }
        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong QuantizeVector256(ref float coef, ref float recip, ref float threshold, ref short levels)
    {
        var half = Vector256.Create(0.5f);
        var signBit = Vector256.Create(-0.0f);
        var max = Vector256.Create(MaxAc);
        var min = Vector256.Create(-MaxAc);
        // The DC term (zig-zag 0) is never clamped: it can need 11 bits.
        var dcMask = Vector256.Create(-1, 0, 0, 0, 0, 0, 0, 0);
        ulong mask = 0;
        for (int i = 0; i < 64; i += 16)
        {
            var a = Vector256.LoadUnsafe(ref coef, (nuint)i) * Vector256.LoadUnsafe(ref recip, (nuint)i);
            var b = Vector256.LoadUnsafe(ref coef, (nuint)(i + 8)) * Vector256.LoadUnsafe(ref recip, (nuint)(i + 8));
            var keepA = Vector256.GreaterThanOrEqual(Vector256.Abs(a), Vector256.LoadUnsafe(ref threshold, (nuint)i)).AsInt32();
            var keepB = Vector256.GreaterThanOrEqual(Vector256.Abs(b), Vector256.LoadUnsafe(ref threshold, (nuint)(i + 8))).AsInt32();
            var qa = Vector256.ConvertToInt32(a + ((a & signBit) | half)) & keepA;
            var qb = Vector256.ConvertToInt32(b + ((b & signBit) | half)) & keepB;
            var ca = Vector256.Min(Vector256.Max(qa, min), max);
            if (i == 0) ca = Vector256.ConditionalSelect(dcMask, qa, ca);
            qb = Vector256.Min(Vector256.Max(qb, min), max);
            var packed = Vector256.Narrow(ca, qb);
            packed.StoreUnsafe(ref levels, (nuint)i);
            uint zero = Vector256.Equals(packed, Vector256<short>.Zero).ExtractMostSignificantBits();
            mask |= (ulong)(~zero & 0xFFFFu) << i;
        }
        return mask;
    }
}
