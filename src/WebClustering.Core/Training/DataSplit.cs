namespace WebClustering.Core.Training;

/// <summary>Row indices for training and for validation, the latter picked by the seed.</summary>
internal sealed record DataSplit(long[] Training, long[] Validation)
{
    public static DataSplit Create(int rows, double validationFraction, int seed)
    {
        var all = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
        if (validationFraction <= 0) return new DataSplit(all, []);

        int validation = Math.Max(1, (int)Math.Round(rows * validationFraction));
        if (rows - validation < 1)
            throw new ArgumentException($"validationFraction {validationFraction} of {rows} rows leaves no row to train on.");
        // A stream of its own, so holding rows out does not change the order batches are shuffled in.
        new Random(unchecked(seed * 7919 + 17)).Shuffle(all);
        return new DataSplit([.. all[validation..].Order()], [.. all[..validation].Order()]);
    }
}
