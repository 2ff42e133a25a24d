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

        var values = new float[(long)width * height];
        if (objects is not null)
        {
            if (objects.Width != width || objects.Height != height)
                throw new ArgumentException($"The object map is {objects.Width}x{objects.Height}, the photo {width}x{height}.");
            for (int i = 0; i < values.Length; i++) values[i] = objects.Values[i] * w.ObjectShareWithSubjects;
        }
        float[]? p = null;
        if (hasPeople)
        {
            p = people!.Resize(width, height);
            for (int i = 0; i < values.Length; i++) values[i] = Math.Max(values[i], p[i] * w.PeopleLevel);
        }
        foreach (var f in faces) PaintFace(values, width, height, f, w, p);
        return new SaliencyMap(width, height, values);
    }

    /// <summary>
    /// Paints one face box. With a person mask, the box's corners that fall on background (the
    /// enlarged box takes in some around the head) get half the face level, below the person level,
    /// so the face's own pixels stay on top and its surroundings do not outrank the body.
    /// </summary>
    private static void PaintFace(float[] values, int width, int height, FaceDetection f, Weights w, float[]? person)
    {
        float hw = f.Width * w.FaceEnlarge / 2, hh = f.Height * w.FaceEnlarge / 2;
        float featherX = Math.Max(1, hw * 2 * w.FaceFeather), featherY = Math.Max(1, hh * 2 * w.FaceFeather);
        int x0 = Math.Max(0, (int)(f.CenterX - hw - featherX)), x1 = Math.Min(width - 1, (int)MathF.Ceiling(f.CenterX + hw + featherX));
        int y0 = Math.Max(0, (int)(f.CenterY - hh - featherY)), y1 = Math.Min(height - 1, (int)MathF.Ceiling(f.CenterY + hh + featherY));
        for (int y = y0; y <= y1; y++)
        {
            float dy = Math.Max(0, Math.Abs(y + 0.5f - f.CenterY) - hh) / featherY;
            if (dy >= 1) continue;
            int row = y * width;
            for (int x = x0; x <= x1; x++)
            {
                float dx = Math.Max(0, Math.Abs(x + 0.5f - f.CenterX) - hw) / featherX;
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
