namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// The anchor centres of MediaPipe's SSD face detectors (SsdAnchorsCalculator with
/// fixed_anchor_size, aspect ratio 1 and one interpolated scale, i.e. 2 anchors per layer and cell).
/// Consecutive layers with the same stride share one grid, so BlazeFace-back (4 layers, strides
/// 16, 32, 32, 32 at 256x256) has a 16x16 grid with 2 anchors per cell (512) followed by an 8x8
/// grid with 6 (384): 896 anchors in the order the model's two output heads list them.
/// Anchor boxes are 1x1 (in units of the input size): the regressors are not relative to a box.
/// </summary>
internal static class SsdAnchors
{
    public static readonly int[] BlazeFaceBackStrides = [16, 32, 32, 32];

    /// <summary>Anchor centres (x, y) in [0, 1], grid by grid, row by row, anchors of a cell together.</summary>
    public static (float X, float Y)[] Generate(int inputSize, int[] strides, float offset = 0.5f, int anchorsPerLayer = 2)
    {
        var anchors = new List<(float, float)>();
        for (int layer = 0; layer < strides.Length;)
        {
            int stride = strides[layer], count = 0;
            while (layer < strides.Length && strides[layer] == stride)
            {
                count += anchorsPerLayer;
                layer++;
            }
            int cells = (inputSize + stride - 1) / stride;
            for (int y = 0; y < cells; y++)
            for (int x = 0; x < cells; x++)
            for (int a = 0; a < count; a++)
                anchors.Add(((x + offset) / cells, (y + offset) / cells));
        }
        return anchors.ToArray();
    }
}
