using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Reliability;

/// <summary>
/// Tests that start the service as real processes (an API process and worker processes on a database of their
/// own). They run one at a time and apart from the in-process tests: on a two-core machine, processes that train
/// side by side with other tests would only make the timings they depend on erratic.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Processes";
}

/// <summary>The job and worker settings these tests share.</summary>
public static class WorkerProcesses
{
    public const int PerCluster = 200, Clusters = 3, Rows = PerCluster * Clusters;

    /// <summary>600 rows, small enough to upload at once, and batches small enough that an epoch takes a noticeable while.</summary>
    public static string Dataset => CsvFiles.Blobs(perCluster: PerCluster, clusters: Clusters, dims: 20);

    public static object Job(Guid datasetId, int epochs) => new
    {
        datasetId,
        model = new { hiddenLayers = new[] { 64, 32 }, latentDim = 3 },
        training = new { epochs, batchSize = 8 },
        clustering = new { k = Clusters, nInit = 2 },
    };

    /// <summary>Hangfire's invisibility timeout in these tests: the default, which no takeover may wait for.</summary>
    public static readonly TimeSpan Invisibility = TimeSpan.FromMinutes(5);

    /// <param name="checkpointEvery">Epochs between checkpoints (0: only on shutdown and at the end).</param>
    /// <param name="maxAttempts">Counted attempts a job gets.</param>
    /// <param name="deadAfter">How long without a heartbeat makes a worker dead (heartbeats every fifth of it); null keeps the defaults.</param>
    public static Dictionary<string, string> Settings(int checkpointEvery = 2, int maxAttempts = 5, TimeSpan? deadAfter = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["WebClustering__CheckpointEvery"] = checkpointEvery.ToString(),
            ["WebClustering__CheckpointInterval"] = "00:00:00",
            ["WebClustering__InvisibilityTimeout"] = Invisibility.ToString("c"),
            ["WebClustering__RetryDelay"] = "00:00:01",
            ["WebClustering__MaxAttempts"] = maxAttempts.ToString(),
        };
        if (deadAfter is { } dead)
        {
            settings["WebClustering__DeadWorkerTimeout"] = dead.ToString("c");
            settings["WebClustering__HeartbeatInterval"] = (dead / 5).ToString("c");
            settings["WebClustering__DeadWorkerCheckInterval"] = TimeSpan.FromSeconds(1).ToString("c");
        }
        return settings;
    }

    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan Training = TimeSpan.FromMinutes(3);
}
