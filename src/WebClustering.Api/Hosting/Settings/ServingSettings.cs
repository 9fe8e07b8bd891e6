using WebClustering.Api.Serving;
using WebClustering.Core.Search;

namespace WebClustering.Api.Hosting.Settings;

/// <summary>Serving trained jobs: similar-item search memory and neighbour lists, batch reads, loaded models.</summary>
public sealed class ServingSettings : ICheckedSettings
{
    /// <summary>Memory for the in-memory vector indexes of similar-item search; least recently used jobs go first.</summary>
    public long VectorCacheBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Similar items: once a job's vectors are in memory, every item's this many nearest items are found in the
    /// background (per metric, when that metric is first asked for), so that item requests with k up to this are
    /// lookups. Counted in <see cref="VectorCacheBytes"/> (4 bytes a neighbour). 0 turns it off.
    /// </summary>
    public int NeighbourListSize { get; set; } = 50;

    /// <summary>
    /// Embedding sets of at least this many items get an HNSW index per metric of <see cref="ApproximateSearchMetrics"/>,
    /// built by the job and stored with its results; their similar items are then answered from it (approximately)
    /// instead of from neighbour lists, which only smaller sets get. <c>exact=true</c> still searches exactly.
    /// </summary>
    public int ApproximateSearchMinItems { get; set; } = 100_000;

    /// <summary>
    /// The metrics a job builds HNSW indexes for (comma-separated cosine, l2); the others are searched exactly. dot is
    /// always searched exactly: an HNSW graph over raw inner products (not a metric) missed neighbours (recall@10 0.83
    /// on ApproximateSimilarItemsTests' set against 0.95 or more for cosine and l2).
    /// </summary>
    public string ApproximateSearchMetrics { get; set; } = "cosine,l2";

    /// <summary>Candidates an HNSW query keeps (ef): more is slower and closer to exact. At least the k asked for is used.</summary>
    public int ApproximateSearchExpansion { get; set; } = 128;

    /// <summary>Threads that build neighbour lists (per job and metric); requests keep the other cores.</summary>
    public int NeighbourListThreads { get; set; } = 1;

    /// <summary>Batch reads that build their answers at once (0: no limit); the others wait their turn, oldest first (see BatchReadTurns).</summary>
    public int BatchReadConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Trained models kept loaded for encoding new rows.</summary>
    public int ModelCacheSize { get; set; } = 8;

    public void Check(SettingChecks checks)
    {
        checks.AtLeast(nameof(VectorCacheBytes), VectorCacheBytes, 1);
        checks.AtLeast(nameof(NeighbourListSize), NeighbourListSize, 0);
        checks.AtLeast(nameof(ApproximateSearchMinItems), ApproximateSearchMinItems, 0);
        checks.AtLeast(nameof(ApproximateSearchExpansion), ApproximateSearchExpansion, 1);
        if (!SimilarMetrics.TryParseList(ApproximateSearchMetrics, out var metrics) || metrics.Contains(SimilarityMetric.Dot))
            checks.Fail(nameof(ApproximateSearchMetrics), $"must list metrics among cosine and l2, comma-separated; dot is always searched exactly (it is '{ApproximateSearchMetrics}').");
        checks.AtLeast(nameof(NeighbourListThreads), NeighbourListThreads, 1);
        checks.AtLeast(nameof(BatchReadConcurrency), BatchReadConcurrency, 0);
        checks.AtLeast(nameof(ModelCacheSize), ModelCacheSize, 1);
    }
}
