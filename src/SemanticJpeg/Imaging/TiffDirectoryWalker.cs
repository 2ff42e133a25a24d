using System.Buffers.Binary;

namespace SemanticJpeg.Imaging;

/// <summary>
/// Walks a TIFF's chain of image file directories (TIFF 6.0 section 2; BigTIFF uses 8-byte offsets),
/// reading a few bytes per page, to learn what ImageMagick's ping does not tell or tells slowly:
/// the page count (libtiff spends about a millisecond per page on a file with thousands of them;
/// a chain that loops back on itself counts as endless) and the first page's samples per pixel
/// (ping reports no channels for TIFF, and extra samples multiply the decode's memory).
/// </summary>
internal static class TiffDirectoryWalker
{
    private const ushort SamplesPerPixelTag = 277;

    /// <summary>
    /// Pages in the file, or <paramref name="limit"/> + 1 when there are more (or the chain loops),
    /// and the first page's SamplesPerPixel (1 when absent, its default).
    /// </summary>
    public static (int Pages, int SamplesPerPixel) Walk(Stream stream, int limit)
    {
        long start = stream.Position;
        try
        {
            Span<byte> header = stackalloc byte[16];
            if (stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) < 8) return (0, 1);
            bool little = header[0] == 'I';
            bool big = Read16(header[2..], little) == 43;
            long offset = big ? (long)Read64(header[8..], little) : Read32(header[4..], little);
            var seen = new HashSet<long>();
            int pages = 0, samples = 1;
            Span<byte> buffer = stackalloc byte[8];
            while (offset != 0 && pages <= limit)
            {
                if (offset < 0 || offset >= stream.Length) break;  // broken chain: libtiff reports it
                if (!seen.Add(offset)) return (limit + 1, samples);
                pages++;
                stream.Position = offset;
                int countBytes = big ? 8 : 2, entryBytes = big ? 20 : 12, nextBytes = big ? 8 : 4;
                if (stream.ReadAtLeast(buffer[..countBytes], countBytes, throwOnEndOfStream: false) < countBytes) break;
                long entries = big ? (long)Read64(buffer, little) : Read16(buffer, little);
                if (pages == 1) samples = FirstPageSamples(stream, entries, entryBytes, little);
                stream.Position = offset + countBytes + entries * entryBytes;
                if (stream.ReadAtLeast(buffer[..nextBytes], nextBytes, throwOnEndOfStream: false) < nextBytes) break;
                offset = big ? (long)Read64(buffer, little) : Read32(buffer, little);
            }
            return (pages, samples);
        }
        finally
        {
            stream.Position = start;
        }
    }

    /// <summary>SamplesPerPixel is a SHORT, stored in the entry itself (bytes 8-9 of a classic entry, 12-13 of a BigTIFF one).</summary>
    private static int FirstPageSamples(Stream stream, long entries, int entryBytes, bool little)
    {
        Span<byte> entry = stackalloc byte[20];
        for (long i = 0; i < Math.Min(entries, 4096); i++)
        {
            if (stream.ReadAtLeast(entry[..entryBytes], entryBytes, throwOnEndOfStream: false) < entryBytes) break;
            if (Read16(entry, little) == SamplesPerPixelTag)
                return Math.Max(1, (int)Read16(entry[(entryBytes == 12 ? 8 : 12)..], little));
        }
        return 1;
    }

    private static ushort Read16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint Read32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);

    private static ulong Read64(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b);
}
