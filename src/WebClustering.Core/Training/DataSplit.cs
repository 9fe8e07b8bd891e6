namespace WebClustering.Core.Training;

/// <summary>The rows held out for validation, picked by the seed; every other row trains.</summary>
/// <param name="Rows">Rows in the set.</param>
/// <param name="Validation">The held-out rows, ascending.</param>
internal sealed record DataSplit(int Rows, int[] Validation)
{
    /// <summary>
    /// The most rows held out, however large the set: they are held in memory to be scored after every epoch, and
    /// 50,000 rows measure a validation loss as well as millions would.
    /// </summary>
    public const int MaxValidationRows = 50_000;

    public int TrainingRows => Rows - Validation.Length;

    public static DataSplit Create(int rows, double validationFraction, int seed)
    {
        if (validationFraction <= 0) return new DataSplit(rows, []);

        int validation = Math.Min(MaxValidationRows, Math.Max(1, (int)Math.Round(rows * validationFraction)));
        if (rows - validation < 1)
            throw new ArgumentException($"validationFraction {validationFraction} of {rows} rows leaves no row to train on.");
        // Floyd's sampling, from a stream of its own (holding rows out does not change the order batches are drawn
        // in): distinct rows in memory of the sample's size, however many rows the set has.
        var random = new Random(unchecked(seed * 7919 + 17));
        var chosen = new HashSet<int>(validation);
        for (int j = rows - validation; j < rows; j++)
        {
            int pick = random.Next(j + 1);
            if (!chosen.Add(pick)) chosen.Add(j);
        }
        return new DataSplit(rows, [.. chosen.Order()]);
    }
}
