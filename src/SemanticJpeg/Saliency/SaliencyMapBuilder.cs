using System.Numerics.Tensors;

namespace SemanticJpeg.Saliency;

/// <summary>
/// Turns model outputs into the map, in this order (each step's choice and its measured effect:
/// models/README.md, "How the map is made"):
/// <list type="number">
/// <item>features: the mean over channels of each activation map ("add a complete set of
/// features", Prakash et al. 2017), each layer scaled by its own high quantile so the /16 and /32
/// layers weigh as configured; saliency outputs: used as they are;</item>
/// <item>confidence: contrast, how much the hottest cells stand out from the typical cell
/// ((q_high - median) / q_high for features, q_high - q_1% for saliency outputs), times an image
/// structure gate. A photo with a subject scores high; a flat or evenly textured image (grey card,
/// facade, noise) scores low, and its map is blended towards uniform;</item>
/// <item>robust normalisation between two quantiles (not min/max);</item>
/// <item>mild Gaussian smoothing;</item>
/// <item>a mild centre prior (map x prior^strength), then (features) rescaled so the peak is 1 again;</item>
/// <item>a threshold, so empty background is exactly 0;</item>
/// <item>blend with the uniform map by confidence, then bilinear upsampling to the image.</item>
/// </list>
/// </summary>
internal static class SaliencyMapBuilder
{
    /// <summary>
    /// One output tensor [1,C,h,w] as a grid. Features: the mean over all channels, every channel
    /// counting the same ("add a complete set of features"). Weighting channels by sparsity
    /// (Kalantidis et al. 2016) was measured and changed nothing, so the plain mean stays.
    /// Saliency outputs: the single channel, through a sigmoid if asked.
    /// </summary>
    public static SaliencyGrid FromOutput(ReadOnlySpan<float> data, long[] shape, SaliencyModelOutput spec)
    {
        if (shape.Length != 4) throw new SaliencyModelException($"Output '{spec.Name}' has rank {shape.Length} at run time; expected [1,C,h,w].");
        int c = (int)shape[1], h = (int)shape[2], w = (int)shape[3];
        int plane = h * w;
        var values = new float[plane];
        for (int k = 0; k < c; k++)
        {
            var p = data.Slice(k * plane, plane);
            for (int i = 0; i < plane; i++) values[i] += p[i];
        }
        float inv = 1f / c;
        bool sigmoid = spec.Activation == "sigmoid";
        for (int i = 0; i < plane; i++)
        {
            float v = values[i] * inv;
            values[i] = sigmoid ? 1f / (1f + MathF.Exp(-v)) : v;
        }
        return new SaliencyGrid(values, w, h);
    }

    /// <summary>Everything after the network, on the coarse grid.</summary>
    public static SaliencyGrid Build(SaliencyGrid raw, float structure, int imageWidth, int imageHeight, bool features, SaliencyOptions o, out SaliencyDiagnostics diagnostics)
    {
        int gw = raw.Width, gh = raw.Height;
        float low = raw.Quantile(o.LowQuantile), high = raw.Quantile(o.HighQuantile);
        // Features have no absolute scale: how far the hottest cells stand above the typical one.
        // A saliency output is a probability: how far its top stands above its bottom (a segmenter
        // whose subject fills most of the frame has a high median and is still sure).
        float contrast = features ? Contrast(raw.Quantile(0.5f), high) : Math.Clamp(high - raw.Quantile(0.01f), 0f, 1f);
        float confidence = SmoothStep(o.MinContrast, o.FullContrast, contrast) * SmoothStep(o.MinStructure, o.FullStructure, structure);

        var v = new float[raw.Values.Length];
        if (features)
        {
            float range = high - low;
            for (int i = 0; i < v.Length; i++) v[i] = range > 1e-12f ? Math.Clamp((raw.Values[i] - low) / range, 0f, 1f) : 0f;
        }
        else
        {
            for (int i = 0; i < v.Length; i++) v[i] = Math.Clamp(raw.Values[i], 0f, 1f);
        }

        // Smoothing sigma in grid cells: a fraction of the image's short side over the cell size.
        double cell = (double)imageWidth / gw;
        double sigmaCells = o.Smoothing * Math.Min(imageWidth, imageHeight) / cell;
        if (sigmaCells > 0.05) v = GaussianBlur(v, gw, gh, sigmaCells);

        if (o.CenterPriorStrength > 0)
        {
            // A Gaussian in normalised coordinates, so it is the same for portrait and landscape.
            double sx = o.CenterPriorSigma, sy = o.CenterPriorSigma;
            for (int y = 0; y < gh; y++)
            {
                double dy = (y + 0.5) / gh - 0.5;
                for (int x = 0; x < gw; x++)
                {
                    double dx = (x + 0.5) / gw - 0.5;
                    double prior = Math.Exp(-(dx * dx / (2 * sx * sx) + dy * dy / (2 * sy * sy)));
                    v[y * gw + x] *= (float)Math.Pow(prior, o.CenterPriorStrength);
                }
            }
        }
        if (features)
        {
            // Smoothing and the prior lower the peak; the most salient cell is 1 again.
            float max = v.Max();
            if (max > 1e-6f) for (int i = 0; i < v.Length; i++) v[i] /= max;
        }

        if (o.Threshold > 0)
        {
            float t = o.Threshold, scale = 1f / (1f - t);
            for (int i = 0; i < v.Length; i++) v[i] = Math.Max(0f, v[i] - t) * scale;
        }

        for (int i = 0; i < v.Length; i++) v[i] = confidence * v[i] + (1 - confidence) * o.NoSubjectLevel;

        diagnostics = new SaliencyDiagnostics(contrast, structure, confidence, low, high, gw, gh);
        return new SaliencyGrid(v, gw, gh);
    }

    /// <summary>
    /// Image structure: mean absolute luminance difference between neighbouring cells (0..255
    /// scale) after averaging the network input over 4x4 cells, i.e. at about 1/64 of the short
    /// side per cell. Flat images score about 0 even with sensor noise (averaging removes it);
    /// photos with edges and objects score several units. Needed because the network's own response
    /// is not flat on a flat image (zero padding makes its centre respond more than its border), so
    /// the map alone cannot tell a grey card from a centred subject.
    /// </summary>
    internal static float Structure(float[] planarRgb, int w, int h)
    {
        const int cell = 4;
        int plane = w * h, cw = Math.Max(1, w / cell), chh = Math.Max(1, h / cell);
        var lum = new float[cw * chh];
        var count = new int[cw * chh];
        for (int y = 0; y < h; y++)
        {
            int row = Math.Min(y / cell, chh - 1) * cw;
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x, c = row + Math.Min(x / cell, cw - 1);
                lum[c] += 0.299f * planarRgb[i] + 0.587f * planarRgb[plane + i] + 0.114f * planarRgb[2 * plane + i];
                count[c]++;
            }
        }
        for (int i = 0; i < lum.Length; i++) lum[i] /= count[i];
        double sum = 0;
        long n = 0;
        for (int y = 0; y < chh; y++)
            for (int x = 0; x < cw; x++)
            {
                int i = y * cw + x;
                if (x + 1 < cw) { sum += Math.Abs(lum[i + 1] - lum[i]); n++; }
                if (y + 1 < chh) { sum += Math.Abs(lum[i + cw] - lum[i]); n++; }
            }
        return n > 0 ? (float)(sum / n) : 0f;
    }

    /// <summary>(high - median) / high: 0 when the typical cell is as hot as the hottest, 1 when it is cold.</summary>
    internal static float Contrast(float low, float high) => high > 1e-9f ? Math.Clamp((high - low) / high, 0f, 1f) : 0f;

    /// <summary>Bilinear upsampling of the coarse map to the image, clamped to [0, 1].</summary>
    public static SaliencyMap ToImageSize(SaliencyGrid grid, int width, int height)
    {
        var values = Resampler.ResizePlanes(grid.Values, 1, grid.Width, grid.Height, width, height);
        // Bilinear weights are positive and sum to 1, so only rounding can leave [0, 1].
        TensorPrimitives.Min(values, 1f, values);
        TensorPrimitives.Max(values, 0f, values);
        return new SaliencyMap(width, height, values);
    }

    internal static float SmoothStep(float edge0, float edge1, float x)
    {
        if (edge1 <= edge0) return x >= edge1 ? 1f : 0f;
        float t = Math.Clamp((x - edge0) / (edge1 - edge0), 0f, 1f);
        return t * t * (3 - 2 * t);
    }

    internal static float[] GaussianBlur(float[] src, int w, int h, double sigma)
    {
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += kernel[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < kernel.Length; i++) kernel[i] = (float)(kernel[i] / sum);

        // Edges are clamped (replicate), so a subject at the border is not darkened.
        var tmp = new float[src.Length];
        var dst = new float[src.Length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * src[y * w + Math.Clamp(x + k, 0, w - 1)];
                tmp[y * w + x] = acc;
            }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * tmp[Math.Clamp(y + k, 0, h - 1) * w + x];
                dst[y * w + x] = acc;
            }
        return dst;
    }
}
