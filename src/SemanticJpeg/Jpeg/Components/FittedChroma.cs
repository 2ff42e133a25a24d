using System.Buffers;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// The RD writer's coefficients: the store's luma with the chroma subsampled by the fit to the decoder's upsampler
/// (<see cref="FittedDownsampler"/>) instead of the box average, and per MCU the error no subsampled chroma can
/// remove. Made with the store (<see cref="CoefficientStore.Transform"/>) from the same full-resolution planes.
/// The chroma arrays are pooled: the store disposes them with its own.
/// </summary>
internal sealed class FittedChroma : IDisposable
{
    private float[][] _coefficients;

    private FittedChroma(float[][] coefficients, double residualPerMcu)
    {
        _coefficients = coefficients;
        ResidualPerMcu = residualPerMcu;
    }

    /// <summary>[component][block * 64 + zig-zag]: luma shared with the store, chroma fitted; empty once disposed.</summary>
    public float[][] Coefficients => _coefficients;

    /// <summary>
    /// The RGB squared error the fitted chroma leaves once the decoder upsamples it, before any quantisation,
    /// per MCU (the picture's total over its MCUs: the same for every file of the picture, so a sampled pass
    /// needs only its share). The fit's residual is orthogonal to everything the upsampler can make, so any
    /// file's chroma error as decoded is its error against the fitted chroma plus this, whatever chroma it was
    /// quantised from.
    /// </summary>
    public double ResidualPerMcu { get; }

    public void Dispose()
    {
        var coefficients = _coefficients;
        _coefficients = [];
        for (int c = 1; c < coefficients.Length; c++) ArrayPool<float>.Shared.Return(coefficients[c]);
    }

    /// <summary>
    /// The fitted chroma of the full-resolution <paramref name="planes"/> (Y, Cb, Cr, padded) for the subsampled
    /// <paramref name="layout"/>, with <paramref name="luma"/> the store's luma coefficients.
    /// </summary>
    public static FittedChroma Create(Plane[] planes, FrameLayout layout, float[] luma, bool simd)
    {
        if (planes.Length != 3 || layout.MaxH * layout.MaxV == 1)
            throw new ArgumentException("Only subsampled colour pictures have chroma to fit.", nameof(layout));
        var coefficients = new float[3][];
        coefficients[0] = luma;
        double residual = 0;
        for (int c = 1; c < 3; c++)
        {
            var fitted = FittedDownsampler.Downsample(planes[c], layout.Width, layout.Height, layout.MaxH, layout.MaxV, out double r);
            residual += RdPlan.ComponentWeight(c) * r;
            coefficients[c] = CoefficientStore.Blocks(fitted, layout.Components[c], simd);
            fitted.Return();
        }
        return new FittedChroma(coefficients, residual / (layout.McusWide * layout.McusHigh));
    }
}
