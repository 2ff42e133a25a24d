namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// Turns BlazeFace's raw outputs into face boxes: per anchor a logit and 16 regressors
/// (box centre x, y, width, height, then 6 keypoints, in input pixels relative to the anchor
/// centre), as MediaPipe's TensorsToDetectionsCalculator reads them. Boxes are in [0, 1] tensor
/// coordinates. Overlapping boxes are merged by weighted non-maximum suppression (MediaPipe's
/// WEIGHTED mode: a cluster's box is the score-weighted mean of its members, its score the best
/// member's), which is steadier than hard NMS for a face seen by several anchors.
/// </summary>
internal static class FaceBoxDecoder
{
    public readonly record struct Box(float X, float Y, float Width, float Height, float Score)
    {
        public float Iou(in Box o)
        {
            float w = Math.Min(X + Width, o.X + o.Width) - Math.Max(X, o.X);
            float h = Math.Min(Y + Height, o.Y + o.Height) - Math.Max(Y, o.Y);
            if (w <= 0 || h <= 0) return 0;
            float inter = w * h;
            return inter / (Width * Height + o.Width * o.Height - inter);
        }
    }

    /// <summary>Logits are clipped like MediaPipe's (score_clipping_thresh 100) before the sigmoid.</summary>
    private const float LogitClip = 100f;

    public static List<Box> Decode(ReadOnlySpan<float> logits, ReadOnlySpan<float> regressors, (float X, float Y)[] anchors,
        float inputSize, float minScore)
    {
        if (logits.Length != anchors.Length || regressors.Length != anchors.Length * 16)
            throw new ArgumentException($"Expected {anchors.Length} scores and {anchors.Length * 16} regressors, got {logits.Length} and {regressors.Length}.");
        var boxes = new List<Box>();
        for (int i = 0; i < anchors.Length; i++)
        {
            float score = 1f / (1f + MathF.Exp(-Math.Clamp(logits[i], -LogitClip, LogitClip)));
            if (score < minScore) continue;
            var r = regressors.Slice(i * 16, 4);
            float cx = r[0] / inputSize + anchors[i].X;
            float cy = r[1] / inputSize + anchors[i].Y;
            float w = r[2] / inputSize, h = r[3] / inputSize;
            if (w <= 0 || h <= 0) continue;
            boxes.Add(new Box(cx - w / 2, cy - h / 2, w, h, score));
        }
        return boxes;
    }

    public static List<Box> WeightedNms(List<Box> boxes, float iouThreshold)
    {
        var remaining = boxes.OrderByDescending(b => b.Score).ToList();
        var result = new List<Box>();
        while (remaining.Count > 0)
        {
            var best = remaining[0];
            var cluster = remaining.Where(b => b.Iou(best) > iouThreshold).ToList();
            remaining.RemoveAll(b => b.Iou(best) > iouThreshold);
            if (!cluster.Contains(best)) remaining.Remove(best); // a degenerate box overlaps nothing, itself included
            float total = cluster.Sum(b => b.Score);
            if (total <= 0 || cluster.Count == 0) { result.Add(best); continue; }
            result.Add(new Box(
                cluster.Sum(b => b.X * b.Score) / total,
                cluster.Sum(b => b.Y * b.Score) / total,
                cluster.Sum(b => b.Width * b.Score) / total,
                cluster.Sum(b => b.Height * b.Score) / total,
                best.Score));
        }
        return result;
    }
}
