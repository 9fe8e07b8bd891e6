using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Core;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Rows;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Jobs;

/// <summary>
/// A job's rows: read whole into memory, or, for a dataset whose features pass
/// <see cref="JobRunSettings.StreamAboveMegabytes"/>, streamed from PostgreSQL a range at a time
/// (<see cref="StoredRows"/>) while only the labels are held (ids are read a range at a time as the results are
/// written, <see cref="StoredItemIds"/>). The engine reads both through
/// <see cref="RowSource"/>, so the same seed trains the same way on either.
/// </summary>
public sealed record JobRows(IReadOnlyList<string> ItemIds, string?[]? Labels, RowSource Features)
{
    /// <summary>Rows a streamed job reads to compute the fill values its upload did not record.</summary>
    public const int FillSampleRows = 100_000;

    public bool Streamed => Features.InMemory is null;

    public static bool Streams(DatasetRecord dataset, JobRunSettings settings) =>
        (long)dataset.RowCount * dataset.ItemSize * sizeof(float) > settings.StreamAboveMegabytes * 1024L * 1024L;

    public static async Task<JobRows> ReadAsync(DatasetStore datasets, DatasetRecord dataset, JobRunSettings settings,
        CancellationToken cancellationToken)
    {
        if (!Streams(dataset, settings))
        {
            var rows = await datasets.ReadRowsAsync(dataset, cancellationToken);
            return new JobRows(rows.ItemIds, rows.Labels, new MatrixRows(rows.Features));
        }
        var labels = await datasets.ReadLabelsAsync(dataset, cancellationToken);
        return new JobRows(new StoredItemIds(datasets, dataset), labels, new StoredRows(datasets, dataset));
    }

    /// <summary>
    /// The table preprocessing of the job (or of the model it starts from), and these rows with their gaps filled by
    /// it: in place when in memory, as they are read when streamed. A streamed set's fills that the upload did not
    /// record come from an evenly spaced sample of <see cref="FillSampleRows"/> rows.
    /// </summary>
    public (JobRows Rows, TablePreprocessing? Table) FillGaps(JobPlan plan, TrainedModel? parent, DatasetRecord dataset)
    {
        if (Features.InMemory is { } held) return (this, FineTuningStart.FillGaps(plan, parent, dataset, held));
        var sample = Features.ReadRows(EvenlySpaced.Rows(Features.Rows, FillSampleRows));
        var table = FineTuningStart.FillGaps(plan, parent, dataset, sample);
        return table is null ? (this, null) : (this with { Features = new PreparedRows(Features, table) }, table);
    }
}

/// <summary>A dataset's features read from PostgreSQL a range at a time, never all at once.</summary>
public sealed class StoredRows(DatasetStore datasets, DatasetRecord dataset) : RowSource
{
    public override int Rows => dataset.RowCount;

    public override int Cols => dataset.ItemSize;

    public override void Read(int first, int count, Span<float> into) => datasets.ReadFeatures(dataset, first, count, into);

    public override Matrix ReadRows(IReadOnlyList<int> indices) => datasets.ReadFeatures(dataset, indices);
}

/// <summary>
/// A dataset's item ids read from PostgreSQL a range at a time as they are asked for, the last range kept: written
/// in row order with a streamed job's results, they are never all held. One reader at a time.
/// </summary>
public sealed class StoredItemIds(DatasetStore datasets, DatasetRecord dataset) : IReadOnlyList<string>
{
    public const int RangeRows = 8192;
    private string[] range = [];
    private int first;

    public int Count => dataset.RowCount;

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            if (index < first || index >= first + range.Length)
            {
                first = index / RangeRows * RangeRows;
                range = datasets.ReadItemIds(dataset, first, Math.Min(RangeRows, Count - first));
            }
            return range[index - first];
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
