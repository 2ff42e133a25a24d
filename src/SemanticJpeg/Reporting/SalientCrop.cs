using SemanticJpeg.Saliency;

namespace SemanticJpeg.Reporting;

/// <summary>A rectangle in pixels: top-left corner and size.</summary>
internal readonly record struct CropRect(int X, int Y, int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height} at ({X}, {Y})";
}

/// <summary>Chooses the region of an image to show close up in the report.</summary>
internal static class SalientCrop
{
    /// <summary>
    /// The <paramref name="cropWidth"/> x <paramref name="cropHeight"/> rectangle with the highest
    /// mean saliency. The size is clipped to the map, so a crop larger than the image is the whole
    /// image. Ties go to the top-most, then left-most rectangle.
    /// </summary>
    /// <remarks>
    /// Box sums by running sums, the separable form of the integral-image method: column sums over
    /// the current band of rows are updated by one row in and one row out, then slid along x.
    /// O(W x H) time and O(W) memory, so a 24 MP map needs no 190 MB integral image.
    /// </remarks>
    public static CropRect Find(SaliencyMap map, int cropWidth, int cropHeight) => Search(map, cropWidth, cropHeight, sign: 1);

    /// <summary>
    /// The rectangle with the lowest mean saliency: the most background part of the picture, where
    /// the encoder takes its bytes from. Same size rules and tie-breaking as <see cref="Find"/>.
    /// </summary>
    public static CropRect FindLeast(SaliencyMap map, int cropWidth, int cropHeight) => Search(map, cropWidth, cropHeight, sign: -1);

    /// <summary>The rectangle maximising sign x (sum of the map inside it).</summary>
    private static CropRect Search(SaliencyMap map, int cropWidth, int cropHeight, int sign)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (cropWidth <= 0 || cropHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(cropWidth), "Crop size must be positive.");
        int w = Math.Min(cropWidth, map.Width), h = Math.Min(cropHeight, map.Height);
        int width = map.Width;
        var values = map.Values;

        var columns = new double[width];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < width; x++) columns[x] += values[y * width + x];

        double best = double.NegativeInfinity;
        int bestX = 0, bestY = 0;
        for (int top = 0; ; top++)
        {
            double sum = 0;
            for (int x = 0; x < w; x++) sum += columns[x];
            for (int left = 0; ; left++)
            {
                if (sign * sum > best + 1e-9)
                {
                    best = sign * sum;
                    bestX = left;
                    bestY = top;
                }
                if (left + w >= width) break;
                sum += columns[left + w] - columns[left];
            }
            if (top + h >= map.Height) break;
            int add = (top + h) * width, remove = top * width;
            for (int x = 0; x < width; x++) columns[x] += values[add + x] - values[remove + x];
        }
        return new CropRect(bestX, bestY, w, h);
    }
}
