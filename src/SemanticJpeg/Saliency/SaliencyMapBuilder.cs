using System.Numerics.Tensors;

namespace SemanticJpeg.Saliency;

/// <summary>
/// Turns model outputs into the map, in this order (each stage's measured effect:
/// models/README.md, "How the map is made"):
/// <list type="number">
/// <item>features: per cell, the cosine distance of its feature vector from the mean feature
/// vectors of the image's four sides, averaged over the sides (what differs from the surroundings
/// the photographer left around the subject); saliency outputs: used as they are;</item>
/// <item>layers fused on the finest grid, scales averaged (<see cref="SaliencyModel"/>);</item>
/// <item>calibration: distance to subject probability, sigmoid((d - midpoint) / width), fixed per
/// model (not per image), so 0 means certainly background and 1 certainly subject;</item>
/// <item>optional smoothing and centre prior (off by default: neither ranked better);</item>
/// <item>confidence that there is a subject at all (<see cref="Confidence"/>); the map is blended
/// with the uniform map by it.</item>
/// </list>
/// </summary>
internal static class SaliencyMapBuilder
{
    /// <summary>Share of the coarsest feature map whose spread tells one subject from a scattered scene.</summary>
    internal const float SpreadShare = 0.3f;

    /// <summary>Quantile of the probability map that says how sure the most distinct part is.</summary>
    internal const float PeakQuantile = 0.99f;

    /// <summary>
    /// One output tensor [1,C,h,w] as a grid: for features the border distance
    /// (<see cref="BorderDistance"/>); for saliency outputs the single channel, through a sigmoid if asked.
    /// </summary>
    public static SaliencyGrid FromOutput(ReadOnlySpan<float> data, long[] shape, SaliencyModelOutput spec)
    {
        if (shape.Length != 4) throw new SaliencyModelException($"Output '{spec.Name}' has rank {shape.Length} at run time; expected [1,C,h,w].");
        int c = (int)shape[1], h = (int)shape[2], w = (int)shape[3];
        if (spec.IsFeatures) return BorderDistance(data, c, w, h);

        var values = data.Slice(0, w * h).ToArray();
        if (spec.Activation == "sigmoid")
            for (int i = 0; i < values.Length; i++) values[i] = 1f / (1f + MathF.Exp(-values[i]));
        return new SaliencyGrid(values, w, h);
    }

    /// <summary>
    /// Per cell of a [C,h,w] activation map: 1 - the mean over the four sides of the cosine
    /// similarity between the cell's feature vector and the side's mean feature vector. A subject
    /// differs from what surrounds it; a side the subject touches is only one of four background
    /// hypotheses (one prototype for the whole border measured worse on subjects that fill the
    /// frame). The mean of cosines is the cosine with the mean of the sides' unit vectors, so this is
    /// one dot product per cell. Cells (or sides) without any activation carry no evidence: 0.
    /// </summary>
    internal static SaliencyGrid BorderDistance(ReadOnlySpan<float> data, int channels, int w, int h)
    {
        int plane = w * h;
        var sides = new double[4 * channels];
        for (int k = 0; k < channels; k++)
        {
            var p = data.Slice(k * plane, plane);
            double top = 0, bottom = 0, left = 0, right = 0;
            for (int x = 0; x < w; x++) { top += p[x]; bottom += p[(h - 1) * w + x]; }
            for (int y = 0; y < h; y++) { left += p[y * w]; right += p[y * w + w - 1]; }
            sides[k] = top / w;
            sides[channels + k] = bottom / w;
            sides[2 * channels + k] = left / h;
            sides[3 * channels + k] = right / h;
        }
        var prototype = new float[channels];
        int usable = 0;
        for (int s = 0; s < 4; s++)
        {
            var side = sides.AsSpan(s * channels, channels);
            double norm = 0;
            foreach (var v in side) norm += v * v;
            if (norm <= 1e-24) continue;
            usable++;
            double inv = 1 / Math.Sqrt(norm);
            for (int k = 0; k < channels; k++) prototype[k] += (float)(side[k] * inv);
        }
        var distance = new float[plane];
        if (usable == 0) return new SaliencyGrid(distance, w, h);
        for (int k = 0; k < channels; k++) prototype[k] /= usable;

        var dot = new float[plane];
        var squares = new float[plane];
        for (int k = 0; k < channels; k++)
        {
            var p = data.Slice(k * plane, plane);
            TensorPrimitives.MultiplyAdd(p, prototype[k], dot, dot);
            TensorPrimitives.MultiplyAdd(p, p, squares, squares);
        }
        for (int i = 0; i < plane; i++)
            distance[i] = squares[i] > 1e-24f ? Math.Max(0f, 1f - dot[i] / MathF.Sqrt(squares[i])) : 0f;
        return new SaliencyGrid(distance, w, h);
    }

    /// <summary>
    /// Everything after the network, on the coarse grid. <paramref name="raw"/> is the fused border
    /// distance (features) or probability (saliency outputs); <paramref name="spread"/> the
    /// <see cref="SaliencyGrid.TopSpread"/> of the coarsest output.
    /// </summary>
    public static SaliencyGrid Build(SaliencyGrid raw, float spread, int imageWidth, int imageHeight, bool features,
        SaliencyModelCalibration calibration, SaliencyOptions o, out SaliencyDiagnostics diagnostics)
    {
        int gw = raw.Width, gh = raw.Height;
        var v = new float[raw.Values.Length];
        if (features)
        {
            float mid = calibration.Midpoint, inv = 1f / calibration.Width;
            for (int i = 0; i < v.Length; i++) v[i] = 1f / (1f + MathF.Exp(-(raw.Values[i] - mid) * inv));
        }
        else
        {
            for (int i = 0; i < v.Length; i++) v[i] = Math.Clamp(raw.Values[i], 0f, 1f);
        }

        float peak = SaliencyGrid.Quantile(v, PeakQuantile);
        float confidence = Confidence(peak, spread, o);

        if (o.Smoothing > 0)
        {
            // Sigma in grid cells: a fraction of the image's short side over the cell size.
            double cell = (double)imageWidth / gw;
            double sigmaCells = o.Smoothing * Math.Min(imageWidth, imageHeight) / cell;
            if (sigmaCells > 0.05) v = GaussianBlur(v, gw, gh, sigmaCells);
        }

        if (o.CenterPriorStrength > 0)
        {
            // A Gaussian in normalised coordinates, so it is the same for portrait and landscape.
            double s2 = 2.0 * o.CenterPriorSigma * o.CenterPriorSigma;
            for (int y = 0; y < gh; y++)
            {
                double dy = (y + 0.5) / gh - 0.5;
                for (int x = 0; x < gw; x++)
                {
                    double dx = (x + 0.5) / gw - 0.5;
                    v[y * gw + x] *= (float)Math.Exp(-o.CenterPriorStrength * (dx * dx + dy * dy) / s2);
                }
            }
        }

        if (confidence < 1)
            for (int i = 0; i < v.Length; i++) v[i] = confidence * v[i] + (1 - confidence) * o.NoSubjectLevel;

        diagnostics = new SaliencyDiagnostics(peak, spread, confidence, gw, gh);
        return new SaliencyGrid(v, gw, gh);
    }

    /// <summary>
    /// Confidence that the image has a clear subject: something must stand out (the most distinct
    /// 1% is likely subject: <see cref="SaliencyOptions.NoSubjectPeak"/> to
    /// <see cref="SaliencyOptions.SubjectPeak"/>; a flat card, noise, a star field fail here) and it
    /// must be in one place (the most distinct 30% of the semantic layer is not scattered over the
    /// frame: <see cref="SaliencyOptions.SubjectSpread"/> to <see cref="SaliencyOptions.NoSubjectSpread"/>;
    /// a street or a shop front fails here).
    /// </summary>
    internal static float Confidence(float peak, float spread, SaliencyOptions o) =>
        SmoothStep(o.NoSubjectPeak, o.SubjectPeak, peak) * (1 - SmoothStep(o.SubjectSpread, o.NoSubjectSpread, spread));

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
