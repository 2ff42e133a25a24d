using SemanticJpeg.ModelPatcher.Tfjs;

namespace SemanticJpeg.Tests.Detection;

/// <summary>A dense row-major tensor for the reference interpreter.</summary>
internal sealed record RefTensor(int[] Shape, float[] Data)
{
    public int Count => Data.Length;
    public float At(params int[] index)
    {
        int o = 0;
        for (int i = 0; i < Shape.Length; i++) o = o * Shape[i] + index[i];
        return Data[o];
    }
}

/// <summary>
/// A direct NHWC interpreter of TF.js graphs, written from TensorFlow's op definitions with plain
/// loops (no ONNX, no layout change, no weight rearrangement), so it checks the converter by
/// computing the same thing another way. Slow; meant for small inputs and the two 256x256 models.
/// </summary>
internal static class TfjsReference
{
    public static Dictionary<string, RefTensor> Run(TfjsGraph graph, IReadOnlyDictionary<string, RefTensor> inputs)
    {
        var values = new Dictionary<string, RefTensor>(StringComparer.Ordinal);
        foreach (var (name, t) in graph.Constants)
            values[name] = new RefTensor(t.Shape, t.Floats ?? t.Ints!.Select(v => (float)v).ToArray());
        foreach (var n in graph.TopologicalOrder())
        {
            RefTensor In(int i) => values[n.Inputs[i]];
            values[n.Name] = n.Op switch
            {
                "Placeholder" => inputs[n.Name],
                "Identity" => In(0),
                "Conv2D" => Conv(In(0), In(1), n, depthwise: false),
                "DepthwiseConv2dNative" => Conv(In(0), In(1), n, depthwise: true),
                "_FusedConv2D" => Fused(Conv(In(0), In(1), n, depthwise: false), In(2), n.Strings("fused_ops")),
                "Conv2DBackpropInput" => ConvTranspose(In(0), In(1), In(2), n),
                "Add" or "AddV2" => Broadcast(In(0), In(1), (a, b) => a + b),
                "Mul" => Broadcast(In(0), In(1), (a, b) => a * b),
                "AddN" => n.Inputs.Skip(1).Aggregate(In(0), (acc, i) => Broadcast(acc, values[i], (a, b) => a + b)),
                "Relu" => Map(In(0), v => Math.Max(v, 0)),
                "Relu6" => Map(In(0), v => Math.Clamp(v, 0, 6)),
                "Sigmoid" => Map(In(0), v => 1f / (1f + MathF.Exp(-v))),
                "MaxPool" => Pool(In(0), n, max: true),
                "AvgPool" => Pool(In(0), n, max: false),
                "Pad" => Pad(In(0), In(1)),
                "Reshape" => Reshape(In(0), In(1)),
                "ResizeBilinear" => Resize(In(0), In(1), n.Bool("align_corners"), n.Bool("half_pixel_centers")),
                _ => throw new NotSupportedException(n.Op),
            };
        }
        return values;
    }

    private static RefTensor Map(RefTensor x, Func<float, float> f) => new(x.Shape, x.Data.Select(f).ToArray());

    private static RefTensor Fused(RefTensor conv, RefTensor bias, string[] ops)
    {
        var r = Broadcast(conv, bias, (a, b) => a + b);
        foreach (var op in ops.Skip(1))
            r = op == "Relu" ? Map(r, v => Math.Max(v, 0)) : op == "Relu6" ? Map(r, v => Math.Clamp(v, 0, 6)) : throw new NotSupportedException(op);
        return r;
    }

    /// <summary>TF's SAME: output ceil(in / stride), padding floor(total / 2) before, the rest after.</summary>
    private static (int Out, int Before) Window(int size, int k, int stride, int dilation, string padding)
    {
        int eff = (k - 1) * dilation + 1;
        if (padding == "VALID") return ((size - eff) / stride + 1, 0);
        int o = (size + stride - 1) / stride;
        int total = Math.Max((o - 1) * stride + eff - size, 0);
        return (o, total / 2);
    }

    private static RefTensor Conv(RefTensor x, RefTensor f, ModelPatcher.Tfjs.TfjsNode n, bool depthwise)
    {
        int H = x.Shape[1], W = x.Shape[2], C = x.Shape[3];
        int kh = f.Shape[0], kw = f.Shape[1], m = f.Shape[3];
        var s = n.Ints("strides"); var d = n.Ints("dilations");
        int sy = (int)s[1], sx = (int)s[2], dy = d.Length > 0 ? (int)d[1] : 1, dx = d.Length > 0 ? (int)d[2] : 1;
        var (oh, py) = Window(H, kh, sy, dy, n.Str("padding"));
        var (ow, px) = Window(W, kw, sx, dx, n.Str("padding"));
        int co = depthwise ? C * m : m;
        var o = new float[oh * ow * co];
        for (int y = 0; y < oh; y++)
        for (int xo = 0; xo < ow; xo++)
        for (int a = 0; a < kh; a++)
        {
            int iy = y * sy + a * dy - py;
            if (iy < 0 || iy >= H) continue;
            for (int b = 0; b < kw; b++)
            {
                int ix = xo * sx + b * dx - px;
                if (ix < 0 || ix >= W) continue;
                int xi = (iy * W + ix) * C, oi = (y * ow + xo) * co;
                for (int c = 0; c < C; c++)
                {
                    float v = x.Data[xi + c];
                    int fi = ((a * kw + b) * C + c) * m;
                    if (depthwise)
                        for (int k = 0; k < m; k++) o[oi + c * m + k] += v * f.Data[fi + k];
                    else
                        for (int k = 0; k < m; k++) o[oi + k] += v * f.Data[fi + k];
                }
            }
        }
        return new RefTensor([1, oh, ow, co], o);
    }

    private static RefTensor ConvTranspose(RefTensor sizes, RefTensor f, RefTensor x, ModelPatcher.Tfjs.TfjsNode n)
    {
        int OH = (int)sizes.Data[1], OW = (int)sizes.Data[2];
        int h = x.Shape[1], w = x.Shape[2], ci = x.Shape[3];
        int kh = f.Shape[0], kw = f.Shape[1], co = f.Shape[2];
        var s = n.Ints("strides");
        int sy = (int)s[1], sx = (int)s[2];
        // The gradient of a convolution whose input is OHxOW: same windows, scattered back.
        var (_, py) = Window(OH, kh, sy, 1, n.Str("padding"));
        var (_, px) = Window(OW, kw, sx, 1, n.Str("padding"));
        var o = new float[OH * OW * co];
        for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++)
        for (int a = 0; a < kh; a++)
        for (int b = 0; b < kw; b++)
        {
            int oy = i * sy + a - py, ox = j * sx + b - px;
            if (oy < 0 || oy >= OH || ox < 0 || ox >= OW) continue;
            for (int c = 0; c < ci; c++)
            for (int k = 0; k < co; k++)
                o[(oy * OW + ox) * co + k] += x.Data[(i * w + j) * ci + c] * f.Data[((a * kw + b) * co + k) * ci + c];
        }
        return new RefTensor([1, OH, OW, co], o);
    }

    private static RefTensor Pool(RefTensor x, ModelPatcher.Tfjs.TfjsNode n, bool max)
    {
        int H = x.Shape[1], W = x.Shape[2], C = x.Shape[3];
        var k = n.Ints("ksize"); var s = n.Ints("strides");
        var (oh, py) = Window(H, (int)k[1], (int)s[1], 1, n.Str("padding"));
        var (ow, px) = Window(W, (int)k[2], (int)s[2], 1, n.Str("padding"));
        var o = new float[oh * ow * C];
        for (int y = 0; y < oh; y++)
        for (int xo = 0; xo < ow; xo++)
        for (int c = 0; c < C; c++)
        {
            float acc = max ? float.NegativeInfinity : 0; int count = 0;
            for (int a = 0; a < k[1]; a++)
            for (int b = 0; b < k[2]; b++)
            {
                int iy = y * (int)s[1] + a - py, ix = xo * (int)s[2] + b - px;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue; // TF never counts padding
                float v = x.Data[(iy * W + ix) * C + c];
                acc = max ? Math.Max(acc, v) : acc + v;
                count++;
            }
            o[(y * ow + xo) * C + c] = max ? acc : acc / count;
        }
        return new RefTensor([1, oh, ow, C], o);
    }

    private static RefTensor Pad(RefTensor x, RefTensor p)
    {
        int r = x.Shape.Length;
        var shape = Enumerable.Range(0, r).Select(i => x.Shape[i] + (int)p.Data[2 * i] + (int)p.Data[2 * i + 1]).ToArray();
        var o = new float[shape.Aggregate(1, (a, b) => a * b)];
        var idx = new int[r];
        for (int i = 0; i < x.Count; i++)
        {
            int rem = i, off = 0;
            for (int a = r - 1; a >= 0; a--) { idx[a] = rem % x.Shape[a]; rem /= x.Shape[a]; }
            for (int a = 0; a < r; a++) off = off * shape[a] + idx[a] + (int)p.Data[2 * a];
            o[off] = x.Data[i];
        }
        return new RefTensor(shape, o);
    }

    private static RefTensor Reshape(RefTensor x, RefTensor shape)
    {
        var s = shape.Data.Select(v => (int)v).ToArray();
        int known = s.Where(v => v != -1).Aggregate(1, (a, b) => a * b);
        return new RefTensor(s.Select(v => v == -1 ? x.Count / known : v).ToArray(), x.Data);
    }

    /// <summary>TF's ResizeBilinear (compute_interpolation_weights in resize_bilinear_op.cc).</summary>
    private static RefTensor Resize(RefTensor x, RefTensor size, bool alignCorners, bool halfPixel)
    {
        int H = x.Shape[1], W = x.Shape[2], C = x.Shape[3], OH = (int)size.Data[0], OW = (int)size.Data[1];
        float ScaleOf(int i, int o) => alignCorners && o > 1 ? (i - 1f) / (o - 1f) : (float)i / o;
        float sy = ScaleOf(H, OH), sx = ScaleOf(W, OW);
        var o = new float[OH * OW * C];
        (int, int, float) Taps(int i, float scale, int inSize)
        {
            float v = halfPixel ? (i + 0.5f) * scale - 0.5f : i * scale;
            float f = MathF.Floor(v);
            int lo = Math.Max((int)f, 0), hi = Math.Min((int)MathF.Ceiling(v), inSize - 1);
            return (lo, hi, v - f);
        }
        for (int y = 0; y < OH; y++)
        {
            var (y0, y1, fy) = Taps(y, sy, H);
            for (int xo = 0; xo < OW; xo++)
            {
                var (x0, x1, fx) = Taps(xo, sx, W);
                for (int c = 0; c < C; c++)
                {
                    float tl = x.Data[(y0 * W + x0) * C + c], tr = x.Data[(y0 * W + x1) * C + c];
                    float bl = x.Data[(y1 * W + x0) * C + c], br = x.Data[(y1 * W + x1) * C + c];
                    float top = tl + (tr - tl) * fx, bottom = bl + (br - bl) * fx;
                    o[(y * OW + xo) * C + c] = top + (bottom - top) * fy;
                }
            }
        }
        return new RefTensor([1, OH, OW, C], o);
    }

    /// <summary>Numpy broadcasting of two tensors.</summary>
    private static RefTensor Broadcast(RefTensor a, RefTensor b, Func<float, float, float> f)
    {
        int r = Math.Max(a.Shape.Length, b.Shape.Length);
        int[] Pad1(int[] s) => Enumerable.Repeat(1, r - s.Length).Concat(s).ToArray();
        var sa = Pad1(a.Shape); var sb = Pad1(b.Shape);
        var shape = Enumerable.Range(0, r).Select(i => Math.Max(sa[i], sb[i])).ToArray();
        var o = new float[shape.Aggregate(1, (x, y) => x * y)];
        var idx = new int[r];
        for (int i = 0; i < o.Length; i++)
        {
            int rem = i;
            for (int k = r - 1; k >= 0; k--) { idx[k] = rem % shape[k]; rem /= shape[k]; }
            int ia = 0, ib = 0;
            for (int k = 0; k < r; k++)
            {
                ia = ia * sa[k] + (sa[k] == 1 ? 0 : idx[k]);
                ib = ib * sb[k] + (sb[k] == 1 ? 0 : idx[k]);
            }
            o[i] = f(a.Data[ia], b.Data[ib]);
        }
        return new RefTensor(shape, o);
    }
}
