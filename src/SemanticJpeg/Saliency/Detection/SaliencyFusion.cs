namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// Fuses the object-feature map with what the detectors found, staying a calibrated map in [0, 1]:
/// <c>max(objects x k, people x PeopleLevel, faces x FaceLevel)</c>, where k is 1 when nothing was
/// found and <see cref="Weights.ObjectShareWithSubjects"/> otherwise. Faces (boxes enlarged to take in
/// hair and chin, with a soft edge so quality does not step at the box) are the top of the map,
/// because viewers look at faces first; people (the segmentation) come next; objects keep their
/// values but, once a person is in the photo, are scaled down so a bright object beside a person
/// does not outrank the person. When nothing is found the object map is returned unchanged.
/// </summary>
internal static class SaliencyFusion
{
    /// <summary>A person mask below this share of the photo is treated as noise.</summary>
    public const float MinPersonArea = 0.005f;

    /// <summary>The fusion's levels; <see cref="Default"/> is what the pipeline uses.</summary>
    public sealed record Weights(float FaceLevel, float PeopleLevel, float ObjectShareWithSubjects, float FaceEnlarge, float FaceFeather)
    {
        /// <summary>
        /// Faces 1, people 0.85, objects x0.7 once a face or person is found; face boxes 1.4x
        /// (BlazeFace's box runs from the brows to the mouth), soft edge 15% of the box.
        /// </summary>
        public static Weights Default { get; } = new(1f, 0.85f, 0.7f, 1.4f, 0.15f);
    }

    /// <summary>
    /// <paramref name="objects"/> is null when objects are switched off: the base is then 0, or a
    /// uniform 1 when nothing is found either (no subject means uniform quality).
    /// </summary>
    public static SaliencyMap Fuse(SaliencyMap? objects, int width, int height, IReadOnlyList<FaceDetection> faces, PersonMask? people, Weights? weights = null)
    {
        var w = weights ?? Weights.Default;
        bool hasPeople = people is not null && people.Area() >= MinPersonArea;
        if (faces.Count == 0 && !hasPeople)
            return objects ?? SaliencyMap.Uniform(width, height);

        // Fused on a grid of at most MaxGridSide cells along the long side (the photo itself when it is
        // that small) and upsampled on demand like a model's map: the encoder needs block means, and a
        // full-size fusion of a 24-megapixel photo would be 96 MB of floats and tens of milliseconds.
        int step = Math.Max(1, (Math.Max(width, height) + MaxGridSide - 1) / MaxGridSide);
        int gw = (width + step - 1) / step, gh = (height + step - 1) / step;
        var values = objects is null ? new float[gw * gh] : ObjectBase(objects, width, height, step, gw, gh, w.ObjectShareWithSubjects);
        float[]? p = null;
        if (hasPeople)
        {
            p = people!.Resize(gw, gh);
            for (int i = 0; i < values.Length; i++) values[i] = Math.Max(values[i], p[i] * w.PeopleLevel);
        }
        double sx = width / (double)gw, sy = height / (double)gh;
        foreach (var f in faces) PaintFace(values, gw, gh, sx, sy, f, w, p);
        return step == 1 ? new SaliencyMap(width, height, values) : new SaliencyMap(new SaliencyGrid(values, gw, gh), width, height);
    }

    /// <summary>Longest side of the grid a fusion is computed on (cells of 3 pixels for a 768x512 photo).</summary>
    public const int MaxGridSide = 256;

    private static float[] ObjectBase(SaliencyMap objects, int width, int height, int step, int gw, int gh, float share)
    {
        if (objects.Width != width || objects.Height != height)
            throw new ArgumentException($"The object map is {objects.Width}x{objects.Height}, the photo {width}x{height}.");
        var values = step == 1 ? (float[])objects.Values.Clone() : objects.BlockMeans(step, out _, out _);
        for (int i = 0; i < values.Length; i++) values[i] *= share;
        return values;
    }

    /// <summary>
    /// Paints one face box onto the fusion grid (width x height cells of sx x sy pixels). With a person mask, the box's corners that fall on background (the
    /// enlarged box takes in some around the head) get half the face level, below the person level,
    /// so the face's own pixels stay on top and its surroundings do not outrank the body.
    /// </summary>
    private static void PaintFace(float[] values, int width, int height, double sx, double sy, FaceDetection f, Weights w, float[]? person)
    {
        // Cell (x, y) of the grid has its centre at ((x + 0.5) sx, (y + 0.5) sy) in photo pixels.
        float hw = f.Width * w.FaceEnlarge / 2, hh = f.Height * w.FaceEnlarge / 2;
        float featherX = Math.Max(1, hw * 2 * w.FaceFeather), featherY = Math.Max(1, hh * 2 * w.FaceFeather);
        int x0 = Math.Max(0, (int)((f.CenterX - hw - featherX) / sx)), x1 = Math.Min(width - 1, (int)Math.Ceiling((f.CenterX + hw + featherX) / sx));
        int y0 = Math.Max(0, (int)((f.CenterY - hh - featherY) / sy)), y1 = Math.Min(height - 1, (int)Math.Ceiling((f.CenterY + hh + featherY) / sy));
        for (int y = y0; y <= y1; y++)
        {
            float dy = Math.Max(0, Math.Abs((float)((y + 0.5) * sy) - f.CenterY) - hh) / featherY;
            if (dy >= 1) continue;
            int row = y * width;
            for (int x = x0; x <= x1; x++)
            {
                float dx = Math.Max(0, Math.Abs((float)((x + 0.5) * sx) - f.CenterX) - hw) / featherX;
                float d = MathF.Sqrt(dx * dx + dy * dy);
                if (d >= 1) continue;
                // Smooth falloff from the box edge to the feather's end.
                float v = w.FaceLevel * (0.5f + 0.5f * MathF.Cos(MathF.PI * d));
                if (person is not null) v *= 0.5f + 0.5f * person[row + x];
                if (v > values[row + x]) values[row + x] = v;
            }
        }
    }
}
