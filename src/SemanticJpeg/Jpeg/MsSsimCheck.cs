using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Metrics;

namespace SemanticJpeg.Jpeg;

/// <summary>
/// The whole image's MS-SSIM loss (1 - MS-SSIM of the decoded luma against the picture's own) of a set of
/// levels: the structural bound the automatic strength holds to the standard JPEG's on its whole-image passes.
/// </summary>
/// <remarks>
/// The sampled passes of the strength search can only use a block-local proxy (<see cref="PassResult.Structural"/>),
/// and that proxy misses MS-SSIM per photo, in level and in how it moves with the strength: held to the proxy, 7 of
/// the kit's 21 photos ended up to 0.0019 below the standard JPEG's MS-SSIM at Q50 while others left 0.002 unspent.
/// The whole-image passes have every block, so they measure the real thing: decode the luma
/// (<see cref="LumaReconstruction"/>) and compute MS-SSIM as the metric does (<see cref="MsSsim"/>), about 8 ms for
/// a 0.27 MP photo, for the standard file once and for each whole-image candidate (3 per photo on the kit).
/// Against djpeg's decode of the same levels it differs by integer rounding only (tests: within 3 % of the loss).
/// </remarks>
internal sealed class MsSsimCheck
{
    /// <summary>
    /// The largest picture (pixels) the check is made for: it keeps two float luma pyramids, about 11 bytes per
    /// pixel, which above this would more than double the writer's memory (a 48 MP photo converts in 2.0 GB).
    /// Larger pictures are held to the block-local proxy alone.
    /// </summary>
    public const long MaxPixels = 64_000_000;

    private readonly FrameLayout _layout;
    private readonly IReadOnlyList<LumaPlane> _original; // the picture's own luma at each of MS-SSIM's scales
    private LumaPlane[]? _decoded;  // reused for every file measured (a large photo's planes are hundreds of MB)

    /// <param name="layout">The frame.</param>
    /// <param name="original">The picture's own luma pyramid (<see cref="BlockWeights.OriginalLuma"/>).</param>
    public MsSsimCheck(FrameLayout layout, IReadOnlyList<LumaPlane> original)
    {
        _layout = layout;
        _original = original;
    }

    /// <summary>
    /// 1 - MS-SSIM of the luma that <paramref name="levels"/> (luma component, zig-zag, with their non-zero
    /// <paramref name="masks"/>) quantised with <paramref name="table"/> decode to. One file at a time: not for
    /// concurrent calls.
    /// </summary>
    public double Loss(short[] levels, ulong[] masks, ushort[] table)
    {
        _decoded ??= _original.Select(p => new LumaPlane(p.Width, p.Height, new float[p.Samples.Length])).ToArray();
        LumaReconstruction.Decoded(_layout, levels, masks, table, _decoded[0]);
        MsSsim.Pyramid(_decoded[0], _decoded);
        return Math.Max(1e-9, 1 - MsSsim.Compute(_original, _decoded));
    }
}
