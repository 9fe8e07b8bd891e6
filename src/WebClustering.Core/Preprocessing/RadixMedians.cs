namespace WebClustering.Core.Preprocessing;

/// <summary>
/// Exact medians of many columns whose values arrive in passes over a file, with memory that does not depend on
/// the number of rows: a radix selection on the bits of the floats. Each pass counts, for every column, the values
/// that share the prefix found so far in a histogram of the next bits; after three passes (11 + 11 + 10 bits) the
/// middle value's 32 bits are known exactly. 16 KB per column, never a copy of the column.
/// </summary>
/// <remarks>
/// The first pass counts every value of the column (no prefix yet) and can be the pass that also gathers other
/// statistics; the number of values, and so the middle ranks, are known only after it.
/// </remarks>
internal sealed class RadixMedians
{
    private static readonly int[] Shifts = [21, 10, 0];
    private static readonly int[] Widths = [11, 11, 10];
    private const int Buckets = 1 << 11;

    private readonly int columns;
    private readonly long[] present;
    // Two selections per column, the lower and upper middle ranks (the same one when the count is odd).
    private readonly uint[] prefix;
    private readonly long[] rank;
    private readonly int[] histogram;

    public RadixMedians(int columns)
    {
        this.columns = columns;
        present = new long[columns];
        prefix = new uint[columns * 2];
        rank = new long[columns * 2];
        histogram = new int[columns * 2 * Buckets];
    }

    /// <summary>The pass in progress: 0, 1 or 2; 3 once the medians are known.</summary>
    public int Pass { get; private set; }

    public bool Done => Pass == Shifts.Length;

    /// <summary>Counts a present (not missing) value of <paramref name="column"/> in the current pass.</summary>
    public void Add(int column, float value)
    {
        uint key = Key(value);
        int shift = Shifts[Pass], mask = (1 << Widths[Pass]) - 1;
        int bucket = (int)(key >> shift) & mask;
        if (Pass == 0)
        {
            present[column]++;
            histogram[column * 2 * Buckets + bucket]++;
            return;
        }
        uint known = key >> (shift + Widths[Pass]);
        for (int s = 0; s < 2; s++)
        {
            int selection = column * 2 + s;
            if (known == prefix[selection])
                histogram[selection * Buckets + bucket]++;
        }
    }

    /// <summary>Settles the next bits of each middle value from the pass's counts.</summary>
    public void EndPass()
    {
        for (int c = 0; c < columns; c++)
        {
            if (present[c] == 0) continue;
            if (Pass == 0)
            {
                rank[c * 2] = (present[c] - 1) / 2;
                rank[c * 2 + 1] = present[c] / 2;
            }
            for (int s = 0; s < 2; s++)
            {
                int selection = c * 2 + s;
                // The first pass has one histogram per column, shared by both selections.
                var counts = histogram.AsSpan((Pass == 0 ? c * 2 : selection) * Buckets, 1 << Widths[Pass]);
                long remaining = rank[selection];
                int bucket = 0;
                while (remaining >= counts[bucket])
                    remaining -= counts[bucket++];
                rank[selection] = remaining;
                prefix[selection] = (prefix[selection] << Widths[Pass]) | (uint)bucket;
            }
        }
        Array.Clear(histogram);
        Pass++;
    }

    /// <summary>The column's median (the mean of the two middle values for an even count); NaN for a column without values.</summary>
    public float Median(int column)
    {
        if (!Done) throw new InvalidOperationException("The medians are known after the third pass.");
        if (present[column] == 0) return float.NaN;
        float lower = FromKey(prefix[column * 2]), upper = FromKey(prefix[column * 2 + 1]);
        return present[column] % 2 == 1 ? lower : (float)((lower + (double)upper) / 2);
    }

    /// <summary>Maps a float to an unsigned key with the same order: negatives reversed below the positives.</summary>
    private static uint Key(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return (bits & 0x8000_0000) != 0 ? ~bits : bits | 0x8000_0000;
    }

    private static float FromKey(uint key) =>
        BitConverter.UInt32BitsToSingle((key & 0x8000_0000) != 0 ? key & 0x7FFF_FFFF : ~key);
}
