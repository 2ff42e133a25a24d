using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Forward 8x8 DCT, Arai-Agui-Nakajima float factorisation (as libjpeg's jfdctflt.c). The output is
/// <c>8 * aan[u] * aan[v] * F(u,v)</c> with <c>aan[0] = 1, aan[k] = sqrt(2) cos(k pi / 16)</c>; those scale factors
/// are folded into the reciprocal quantisation tables (<see cref="ScaleFactor"/>), so quantising is one multiply.
/// </summary>
internal static class FloatDct
{
    private const float C4 = 0.707106781f;   // cos(4 pi/16)
    private const float C6a = 0.382683433f;  // cos(6 pi/16)
    private const float C2mC6 = 0.541196100f; // cos(2 pi/16) - cos(6 pi/16)
    private const float C2pC6 = 1.306562965f; // cos(2 pi/16) + cos(6 pi/16)

    /// <summary>True where the Vector256 path runs (it needs AVX for the in-register transpose).</summary>
    public static bool SimdAvailable => Avx.IsSupported && Vector256.IsHardwareAccelerated;

    /// <summary>
    /// Divisor the raw output of <see cref="Forward"/> at natural index <paramref name="i"/> needs to become
    /// the orthonormal-scaled DCT coefficient T.81 quantises (A.3.3): <c>8 aan[u] aan[v]</c>.
    /// </summary>
    public static double ScaleFactor(int i)
    {
        static double Aan(int k) => k == 0 ? 1.0 : Math.Sqrt(2) * Math.Cos(k * Math.PI / 16);
        return 8.0 * Aan(i >> 3) * Aan(i & 7);
    }

    /// <summary>In-place forward DCT of 64 level-shifted samples in natural order.</summary>
    public static void Forward(Span<float> block, bool allowSimd = true)
    {
        if (block.Length < 64) throw new ArgumentException("A block has 64 samples.", nameof(block));
        if (allowSimd && SimdAvailable)
            ForwardVector256(ref block[0]);
        else
            ForwardScalar(block);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ForwardScalar(Span<float> b)
    {
        for (int r = 0; r < 8; r++)
            Pass(b, r * 8, 1);
        for (int c = 0; c < 8; c++)
            Pass(b, c, 8);
    }

    private static void Pass(Span<float> b, int o, int s)
    {
        float d0 = b[o], d1 = b[o + s], d2 = b[o + 2 * s], d3 = b[o + 3 * s];
        float d4 = b[o + 4 * s], d5 = b[o + 5 * s], d6 = b[o + 6 * s], d7 = b[o + 7 * s];
        float tmp0 = d0 + d7, tmp7 = d0 - d7, tmp1 = d1 + d6, tmp6 = d1 - d6;
        float tmp2 = d2 + d5, tmp5 = d2 - d5, tmp3 = d3 + d4, tmp4 = d3 - d4;

        float tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
        b[o] = tmp10 + tmp11;
        b[o + 4 * s] = tmp10 - tmp11;
        float z1 = (tmp12 + tmp13) * C4;
        b[o + 2 * s] = tmp13 + z1;
        b[o + 6 * s] = tmp13 - z1;

        tmp10 = tmp4 + tmp5;
        tmp11 = tmp5 + tmp6;
        tmp12 = tmp6 + tmp7;
        float z5 = (tmp10 - tmp12) * C6a;
        float z2 = C2mC6 * tmp10 + z5;
        float z4 = C2pC6 * tmp12 + z5;
        float z3 = tmp11 * C4;
        float z11 = tmp7 + z3, z13 = tmp7 - z3;
        b[o + 5 * s] = z13 + z2;
        b[o + 3 * s] = z13 - z2;
        b[o + s] = z11 + z4;
        b[o + 7 * s] = z11 - z4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardVector256(ref float block)
    {
        var r0 = Vector256.LoadUnsafe(ref block, 0);
        var r1 = Vector256.LoadUnsafe(ref block, 8);
        var r2 = Vector256.LoadUnsafe(ref block, 16);
        var r3 = Vector256.LoadUnsafe(ref block, 24);
        var r4 = Vector256.LoadUnsafe(ref block, 32);
        var r5 = Vector256.LoadUnsafe(ref block, 40);
        var r6 = Vector256.LoadUnsafe(ref block, 48);
        var r7 = Vector256.LoadUnsafe(ref block, 56);

        // Rows as vectors: one butterfly transforms all eight columns at once; transpose; again for the rows.
        Butterfly(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Butterfly(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);

        r0.StoreUnsafe(ref block, 0);
        r1.StoreUnsafe(ref block, 8);
        r2.StoreUnsafe(ref block, 16);
        r3.StoreUnsafe(ref block, 24);
        r4.StoreUnsafe(ref block, 32);
        r5.StoreUnsafe(ref block, 40);
        r6.StoreUnsafe(ref block, 48);
        r7.StoreUnsafe(ref block, 56);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(
        ref Vector256<float> d0, ref Vector256<float> d1, ref Vector256<float> d2, ref Vector256<float> d3,
        ref Vector256<float> d4, ref Vector256<float> d5, ref Vector256<float> d6, ref Vector256<float> d7)
    {
        var tmp0 = d0 + d7; var tmp7 = d0 - d7; var tmp1 = d1 + d6; var tmp6 = d1 - d6;
        var tmp2 = d2 + d5; var tmp5 = d2 - d5; var tmp3 = d3 + d4; var tmp4 = d3 - d4;

        var tmp10 = tmp0 + tmp3; var tmp13 = tmp0 - tmp3; var tmp11 = tmp1 + tmp2; var tmp12 = tmp1 - tmp2;
        d0 = tmp10 + tmp11;
        d4 = tmp10 - tmp11;
        var z1 = (tmp12 + tmp13) * Vector256.Create(C4);
        d2 = tmp13 + z1;
        d6 = tmp13 - z1;

        tmp10 = tmp4 + tmp5;
        tmp11 = tmp5 + tmp6;
        tmp12 = tmp6 + tmp7;
        var z5 = (tmp10 - tmp12) * Vector256.Create(C6a);
        var z2 = tmp10 * Vector256.Create(C2mC6) + z5;
        var z4 = tmp12 * Vector256.Create(C2pC6) + z5;
        var z3 = tmp11 * Vector256.Create(C4);
        var z11 = tmp7 + z3; var z13 = tmp7 - z3;
        d5 = z13 + z2;
        d3 = z13 - z2;
        d1 = z11 + z4;
        d7 = z11 - z4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> r2, ref Vector256<float> r3,
        ref Vector256<float> r4, ref Vector256<float> r5, ref Vector256<float> r6, ref Vector256<float> r7)
    {
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44); var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44); var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44); var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44); var s7 = Avx.Shuffle(t5, t7, 0xEE);
        r0 = Avx.Permute2x128(s0, s4, 0x20); r1 = Avx.Permute2x128(s1, s5, 0x20);
        r2 = Avx.Permute2x128(s2, s6, 0x20); r3 = Avx.Permute2x128(s3, s7, 0x20);
        r4 = Avx.Permute2x128(s0, s4, 0x31); r5 = Avx.Permute2x128(s1, s5, 0x31);
        r6 = Avx.Permute2x128(s2, s6, 0x31); r7 = Avx.Permute2x128(s3, s7, 0x31);
    }
}
