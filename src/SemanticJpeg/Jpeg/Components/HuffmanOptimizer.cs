using System.Runtime.CompilerServices;
namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Optimal Huffman table from symbol counts, the procedure of ITU T.81 Annex K.2 (the one libjpeg's
/// <c>jpeg_gen_optimal_table</c> follows): a pseudo-symbol with count 1 reserves the all-ones code (C.2 forbids
/// it), codes longer than 16 bits are folded back by Figure K.3, then the pseudo-symbol is dropped.
/// </summary>
internal static class HuffmanOptimizer
{
    private const int Reserved = 256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static HuffmanSpec Build(ReadOnlySpan<long> counts)
    {
        if (counts.Length < 256) throw new ArgumentException("256 counts expected.", nameof(counts));

        // Work only on the symbols that occur (plus the reserved one): a few dozen, not 257.
        Span<int> sym = stackalloc int[257];
        Span<long> freq = stackalloc long[257];
        int n = 0;
        for (int s = 0; s < 256; s++)
            if (counts[s] > 0) { sym[n] = s; freq[n] = counts[s]; n++; }
        if (n == 0) { sym[0] = 0; freq[0] = 1; n = 1; } // an empty table still needs one code to be valid
        sym[n] = Reserved; freq[n] = 1; n++;

        Span<int> codeSize = stackalloc int[257];
        Span<int> others = stackalloc int[257];
        codeSize[..n].Clear();
        others[..n].Fill(-1);

        while (true)
        {
            // c1: least frequent; c2: next least. Ties go to the larger index, as in K.2 / libjpeg.
            int c1 = -1, c2 = -1;
            long v1 = long.MaxValue, v2 = long.MaxValue;
            for (int i = 0; i < n; i++)
            {
                long f = freq[i];
                if (f == 0) continue;
                if (f <= v1) { v2 = v1; c2 = c1; v1 = f; c1 = i; }
                else if (f <= v2) { v2 = f; c2 = i; }
            }
            if (c2 < 0) break;
            freq[c1] += freq[c2];
            freq[c2] = 0;
            codeSize[c1]++;
            while (others[c1] >= 0) { c1 = others[c1]; codeSize[c1]++; }
            others[c1] = c2;
            codeSize[c2]++;
            while (others[c2] >= 0) { c2 = others[c2]; codeSize[c2]++; }
        }

        Span<int> bits = stackalloc int[64];
        bits.Clear();
        for (int i = 0; i < n; i++)
            if (codeSize[i] > 0) bits[codeSize[i]]++;

        // Figure K.3: move pairs of over-long codes up, splitting a shorter code to make room.
        for (int i = 63; i > 16; i--)
        {
            while (bits[i] > 0)
            {
                int j = i - 2;
                while (bits[j] == 0) j--;
                bits[i] -= 2;
                bits[i - 1]++;
                bits[j + 1] += 2;
                bits[j]--;
            }
        }
        // Drop the reserved code: it is one of the longest.
        int longest = 16;
        while (bits[longest] == 0) longest--;
        bits[longest]--;

        // Symbols in order of original code size, then symbol value; the reserved one (last) falls off the end.
        var order = new List<int>(n);
        for (int size = 1; size < 64; size++)
            for (int i = 0; i < n; i++)
                if (codeSize[i] == size && sym[i] != Reserved) order.Add(sym[i]);

        var counts16 = new byte[16];
        for (int i = 1; i <= 16; i++) counts16[i - 1] = (byte)bits[i];
        var symbols = new byte[order.Count];
        for (int i = 0; i < symbols.Length; i++) symbols[i] = (byte)order[i];
        return new HuffmanSpec(counts16, symbols);
    }
}
