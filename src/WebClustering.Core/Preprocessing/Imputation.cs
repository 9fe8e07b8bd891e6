namespace WebClustering.Core.Preprocessing;

/// <summary>
/// Fill values of one column of rows held in memory, over its present (not NaN) values. The same numbers as the
/// upload's streamed statistics (<see cref="RadixMedians"/>, sums in double in row order), so a job that computes them
/// from its rows and an upload that recorded them agree to the bit.
/// </summary>
internal static class Imputation
{
    /// <summary>The column's mean or median; NaN for a column without values.</summary>
    public static float Fill(Matrix rows, int column, MissingValueStrategy strategy)
    {
        var present = new List<float>(rows.Rows);
        for (int r = 0; r < rows.Rows; r++)
        {
            float value = rows.Values[(long)r * rows.Cols + column];
            if (!float.IsNaN(value)) present.Add(value);
        }
        if (present.Count == 0) return float.NaN;
        if (strategy != MissingValueStrategy.Median)
        {
            double sum = 0;
            foreach (float value in present) sum += value;
            return (float)(sum / present.Count);
        }
        present.Sort();
        int mid = present.Count / 2;
        return present.Count % 2 == 1 ? present[mid] : (float)((present[mid - 1] + (double)present[mid]) / 2);
    }
}
