namespace WebClustering.Api.Hosting;

/// <summary>What a process does: serve the HTTP API, run training workers, or both (the default).</summary>
[Flags]
public enum ServiceRoles
{
    Api = 1,
    Worker = 2,
}

/// <summary>Bound from the "WebClustering" configuration section; the defaults suit one development machine.</summary>
public sealed class WebClusteringOptions
{
    public const string Section = "WebClustering";

    public ServiceRoles Roles { get; set; } = ServiceRoles.Api | ServiceRoles.Worker;

    /// <summary>Concurrent trainings per worker process. Training uses every core it is given, so one is usually right.</summary>
    public int WorkerCount { get; set; } = 1;

    /// <summary>libtorch intra-op threads; at most the core count so the Hangfire heartbeat is not starved.</summary>
    public int TrainingThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>How often idle workers look for queued jobs.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after a worker dies its job is handed to another worker (sliding, so long jobs are kept).</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Largest accepted multipart request (an upload, its form fields included). Uploads are buffered on disk and
    /// streamed into the database, so this bounds disk and time, not memory.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>Largest accepted JSON body, except on endpoints that carry data rows (they take uploads' limit).</summary>
    public long MaxJsonBytes { get; set; } = 1L << 20;

    /// <summary>Smallest interval between two progress writes of one job.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

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

    /// <summary>A running job saves a checkpoint every this many epochs (0: none by count); a job's training.checkpointEvery overrides it.</summary>
    public int CheckpointEvery { get; set; } = 5;

    /// <summary>...and whenever this much time has passed since its last one, even mid-epoch (zero: none by time).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts a job gets in all (a transient fault, a dead worker or a shutdown each end one) before it fails.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before trying again after a transient fault; doubled after each, at most a minute.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping worker gives its job to save a checkpoint and hand itself back (the host waits 5 s more).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
