namespace SemanticJpeg.Saliency.Detection;

/// <summary>A face found in a photo: its box in image pixels (left, top, width, height) and the detector's score in [0, 1].</summary>
public sealed record FaceDetection(float X, float Y, float Width, float Height, float Score)
{
    /// <summary>Right edge in image pixels (X + Width).</summary>
    public float Right => X + Width;

    /// <summary>Bottom edge in image pixels (Y + Height).</summary>
    public float Bottom => Y + Height;

    /// <summary>Horizontal centre in image pixels.</summary>
    public float CenterX => X + Width / 2;

    /// <summary>Vertical centre in image pixels.</summary>
    public float CenterY => Y + Height / 2;

    /// <summary>Intersection over union with another box.</summary>
    public float Iou(FaceDetection other)
    {
        float w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        float h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0) return 0;
        float inter = w * h;
        return inter / (Width * Height + other.Width * other.Height - inter);
    }

    /// <summary>The box as <c>left,top widthxheight (score)</c>, e.g. <c>120,80 64x64 (0.93)</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{X:F0},{Y:F0} {Width:F0}x{Height:F0} ({Score:F2})");
}
