using WebClustering.Core;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// What the dataset looks like to the planner, from an evenly spaced sample of its rows: whether its features share
/// one scale. Pixels do (every column 0 to 255, say), and so do the steps of a one-feature sequence; a table of
/// ages, incomes and ratios does not. Shared-scale data is scaled as a whole (range), the rest column by column.
/// </summary>
/// <param name="SharesOneScale">The typical column spans at least a fifth of the dataset's whole range.</param>
/// <param name="TypicalSpanShare">The median of the non-constant columns' spans over the whole range.</param>
public sealed record DatasetProfile(bool SharesOneScale, double TypicalSpanShare)
{
    public const int SampleRows = 2000;

    /// <summary>The median non-constant column must span this share of the whole range for the columns to share a scale.</summary>
    public const double SharedSpanShare = 0.2;

    public static async Task<DatasetProfile> ReadAsync(DatasetSamples samples, DatasetRecord dataset, CancellationToken cancellationToken) =>
        Of((await samples.ReadAsync(dataset, SampleRows, cancellationToken)).Features);

    public static DatasetProfile Of(Matrix rows)
    {
        var min = Enumerable.Repeat(float.PositiveInfinity, rows.Cols).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, rows.Cols).ToArray();
        for (int r = 0; r < rows.Rows; r++)
        {
            var row = rows.Row(r);
            for (int c = 0; c < rows.Cols; c++)
            {
                // Gaps kept at upload are NaN: they say nothing about the scale.
                if (float.IsNaN(row[c])) continue;
                if (row[c] < min[c]) min[c] = row[c];
                if (row[c] > max[c]) max[c] = row[c];
            }
        }
        var spans = Enumerable.Range(0, rows.Cols).Where(c => max[c] > min[c]).Select(c => (double)max[c] - min[c]).Order().ToArray();
        if (spans.Length == 0) return new DatasetProfile(true, 1);
        double whole = (double)max.Where(float.IsFinite).Max() - min.Where(float.IsFinite).Min();
        double share = spans[spans.Length / 2] / whole;
        return new DatasetProfile(share >= SharedSpanShare, share);
    }
}
