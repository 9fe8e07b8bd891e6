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

    /// <summary>Jobs with more items than this get no neighbour lists: building them costs one exact search per item.</summary>
    public int NeighbourListMaxItems { get; set; } = 1_000_000;

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
        checks.AtLeast(nameof(NeighbourListMaxItems), NeighbourListMaxItems, 0);
        checks.AtLeast(nameof(NeighbourListThreads), NeighbourListThreads, 1);
        checks.AtLeast(nameof(BatchReadConcurrency), BatchReadConcurrency, 0);
        checks.AtLeast(nameof(ModelCacheSize), ModelCacheSize, 1);
    }
}
