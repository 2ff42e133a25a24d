using System.Buffers;
using System.Runtime.CompilerServices;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// The image transformed once: colour conversion, chroma subsampling and the forward DCT of every block, kept as
/// [component][block * 64 + zig-zag] raw AAN-scaled DCT output. Every encode of the image (rate control tries many)
/// only re-quantises these. The arrays (several MB for a photo) are pooled: dispose to hand them back.
/// </summary>
internal sealed class CoefficientStore : IDisposable
{
    private float[][] _coefficients;

    private CoefficientStore(float[][] coefficients, FittedChroma? fitted)
    {
        _coefficients = coefficients;
        Fitted = fitted;
    }

    /// <summary>The chroma fitted to the decoder's upsampler, for the RD writer; null unless asked for and subsampled colour.</summary>
    public FittedChroma? Fitted { get; }

    /// <summary>[component][block * 64 + zig-zag]; empty once disposed.</summary>
    public float[][] Coefficients => _coefficients;

    public bool IsDisposed => _coefficients.Length == 0;

    public void Dispose()
    {
        var coefficients = _coefficients;
        _coefficients = [];
        foreach (var c in coefficients) ArrayPool<float>.Shared.Return(c);
        Fitted?.Dispose();
    }

    /// <summary>
    /// Converts, subsamples and transforms <paramref name="image"/> for <paramref name="layout"/>; with
    /// <paramref name="fitChroma"/> (and subsampled colour) also the chroma fitted to the upsampler (<see cref="Fitted"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CoefficientStore Transform(PixelImage image, FrameLayout layout, bool simd, bool fitChroma = false)
    {
        int pw = layout.PaddedWidth, ph = layout.PaddedHeight;
        Plane[] planes = image.IsGrey
            ? [ColorConverter.GreyToPlane(image, pw, ph)]
            : ColorConverter.RgbToPlanes(image, pw, ph);
        var result = new float[planes.Length][];
        for (int c = 0; c < planes.Length; c++)
        {
            var plane = c == 0 ? planes[0] : Downsampler.Downsample(planes[c], layout.MaxH, layout.MaxV);
            result[c] = Blocks(plane, layout.Components[c], simd);
            if (plane != planes[c]) plane.Return();
        }
        var fitted = fitChroma && planes.Length == 3 && layout.MaxH * layout.MaxV > 1
            ? FittedChroma.Create(planes, layout, result[0], simd)
            : null;
        foreach (var p in planes) p.Return();
        return new CoefficientStore(result, fitted);
    }

    /// <summary>The forward DCT of every block of one component's plane, zig-zag order, into a pooled array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float[] Blocks(Plane plane, ComponentInfo comp, bool simd)
    {
        Span<float> block = stackalloc float[64];
        var zz = ZigZag.ToNatural;
        var coefs = ArrayPool<float>.Shared.Rent(comp.BlockCount * 64);
        var data = plane.Data;
        int stride = plane.Width;
        for (int by = 0; by < comp.BlocksHigh; by++)
        {
            for (int bx = 0; bx < comp.BlocksWide; bx++)
            {
                int src = by * 8 * stride + bx * 8;
                for (int y = 0; y < 8; y++)
                    data.AsSpan(src + y * stride, 8).CopyTo(block.Slice(y * 8, 8));
                FloatDct.Forward(block, simd);
                var dst = coefs.AsSpan((by * comp.BlocksWide + bx) * 64, 64);
                for (int k = 0; k < 64; k++) dst[k] = block[zz[k]];
            }
        }
        return coefs;
    }
}
