using SemanticJpeg.Imaging;

namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// MediaPipe BlazeFace (back-camera model, 256x256): the photo is letterboxed into the input
/// (aspect kept, as MediaPipe does; stretching would squash faces into shapes the model was not
/// trained on), normalised to [-1, 1], and the 896 anchors are decoded, thresholded and merged.
/// <para>
/// On its own the model fires on face-like texture (a cat's face 0.79, a dahlia 0.74, an apple
/// 0.66 on the kit photos, while the real faces there score 0.77-0.88). Faces are mirror-symmetric
/// and such texture is not, so a candidate must also be found in the mirrored photo: when the first
/// pass finds candidates, the mirrored tensor is run too, each candidate is matched to a mirrored
/// box (IoU above <see cref="MirrorIou"/>) and keeps the lower of its two scores, which must reach
/// <see cref="DefaultMinScore"/>. Photos without candidates (most photos without people) cost one
/// pass. Boxes come back in image pixels.
/// </para>
/// </summary>
internal static class FaceDetector
{
    public const string ModelName = "blazeface-back";

    /// <summary>Score both passes must reach. With it the kit's people photos keep their faces (0.77-0.88) and no other kit photo keeps one (best 0.71).</summary>
    public const float DefaultMinScore = 0.75f;

    /// <summary>First-pass candidates (MediaPipe's own min_score_thresh) and its suppression overlap.</summary>
    public const float CandidateScore = 0.5f, NmsIou = 0.3f, MirrorIou = 0.5f;

    private const int Size = 256;
    private static readonly string[] Outputs = ["Identity", "Identity_1", "Identity_2", "Identity_3"];
    private static readonly Lazy<(float X, float Y)[]> Anchors = new(() => SsdAnchors.Generate(Size, SsdAnchors.BlazeFaceBackStrides));

    /// <param name="image">The photo.</param>
    /// <param name="minScore">Score both passes must reach.</param>
    /// <param name="threads">The network's intra-op threads (0 = the default, <see cref="DetectorSession.DefaultThreads"/>).</param>
    public static IReadOnlyList<FaceDetection> Detect(PixelImage image, float minScore = DefaultMinScore, int threads = 0)
    {
        var session = DetectorSession.Get(ModelName, threads);
        var input = TensorSampler.Sample(image, Size, letterbox: true, scale: 2f / 255f, offset: -1f, pad: 0f, out var placement);
        var candidates = Run(session, input).Where(b => b.Score >= Math.Min(minScore, CandidateScore)).ToList();
        if (candidates.Count == 0) return [];

        var mirrored = Run(session, Mirror(input)).Select(b => b with { X = 1 - b.X - b.Width }).ToList();
        var boxes = new List<FaceBoxDecoder.Box>();
        foreach (var c in candidates)
        {
            var match = mirrored.Where(m => m.Iou(c) > MirrorIou).OrderByDescending(m => m.Iou(c)).FirstOrDefault();
            if (match.Width <= 0) continue;
            float score = Math.Min(c.Score, match.Score);
            if (score < minScore) continue;
            boxes.Add(new FaceBoxDecoder.Box((c.X + match.X) / 2, (c.Y + match.Y) / 2, (c.Width + match.Width) / 2, (c.Height + match.Height) / 2, score));
        }

        // Tensor [0,1] coordinates back to image pixels through the letterbox.
        float sx = image.Width / placement.Width, sy = image.Height / placement.Height;
        var faces = new List<FaceDetection>(boxes.Count);
        foreach (var b in boxes)
        {
            float x0 = Math.Clamp((b.X * Size - placement.Left) * sx, 0, image.Width);
            float y0 = Math.Clamp((b.Y * Size - placement.Top) * sy, 0, image.Height);
            float x1 = Math.Clamp(((b.X + b.Width) * Size - placement.Left) * sx, 0, image.Width);
            float y1 = Math.Clamp(((b.Y + b.Height) * Size - placement.Top) * sy, 0, image.Height);
            if (x1 - x0 < 1 || y1 - y0 < 1) continue;
            faces.Add(new FaceDetection(x0, y0, x1 - x0, y1 - y0, b.Score));
        }
        return faces.OrderByDescending(f => f.Score).ToList();
    }

    private static List<FaceBoxDecoder.Box> Run(DetectorSession session, float[] input)
    {
        var o = session.Run(input, Outputs);
        // The 16x16 head's anchors come first, then the 8x8 head's (see SsdAnchors).
        var logits = o[0].Concat(o[1]).ToArray();
        var regressors = o[2].Concat(o[3]).ToArray();
        return FaceBoxDecoder.WeightedNms(FaceBoxDecoder.Decode(logits, regressors, Anchors.Value, Size, CandidateScore), NmsIou);
    }

    /// <summary>The NHWC tensor mirrored left to right.</summary>
    internal static float[] Mirror(float[] nhwc)
    {
        var m = new float[nhwc.Length];
        for (int y = 0; y < Size; y++)
        for (int x = 0; x < Size; x++)
            nhwc.AsSpan((y * Size + x) * 3, 3).CopyTo(m.AsSpan((y * Size + Size - 1 - x) * 3, 3));
        return m;
    }
}
