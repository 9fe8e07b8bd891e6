namespace WebClustering.Core.Preprocessing;

/// <summary>Per-column fill values for missing (NaN) numeric cells.</summary>
internal static class Imputation
{
    /// <summary>Mean or median of each column over its present values; NaN for a column with none.</summary>
    public static float[] FitNumeric(float[] values, int rows, int cols, MissingValueStrategy strategy)
    {
        var fill = new float[cols];
        var present = new List<float>(rows);
        for (int c = 0; c < cols; c++)
        {
            present.Clear();
            for (int r = 0; r < rows; r++)
            {
                float v = values[(long)r * cols + c];
                if (!float.IsNaN(v)) present.Add(v);
            }
            fill[c] = present.Count == 0 ? float.NaN
                : strategy == MissingValueStrategy.Median ? Median(present)
                : (float)present.Average(v => (double)v);
        }
        return fill;
    }

    private static float Median(List<float> values)
    {
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (float)((values[mid - 1] + (double)values[mid]) / 2);
    }

    /// <summary>The column's distinct values in ordinal order, and the most frequent one (the first such on a tie).</summary>
    public static (string[] Categories, string? Mode) FitCategories(string?[] values)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string? value in values)
            if (value is not null)
                counts[value] = counts.GetValueOrDefault(value) + 1;
        string[] categories = [.. counts.Keys.Order(StringComparer.Ordinal)];
        string? mode = null;
        foreach (string category in categories)
            if (mode is null || counts[category] > counts[mode])
                mode = category;
        return (categories, mode);
    }
}
