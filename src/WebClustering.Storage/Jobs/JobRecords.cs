using WebClustering.Core.Rows;
using WebClustering.Core;

namespace WebClustering.Storage.Jobs;

public static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Queued, Running, Succeeded, Failed, Cancelled];
}

/// <summary>What a job does: train (and register) a model, or encode a dataset with a registered one.</summary>
public static class JobKinds
{
    public const string Training = "training";
    public const string Encoding = "encoding";
}

/// <summary>A job as stored. <see cref="ConfigJson"/> is the API's configuration document, kept verbatim.</summary>
/// <param name="Attempts">Attempts that counted against MaxAttempts: every start, less the ones a graceful shutdown handed
/// back (a worker that died or a transient fault keeps its attempt).</param>
/// <param name="Worker">The worker process of the latest attempt.</param>
/// <param name="ResumedFromEpoch">The epoch of the checkpoint the latest attempt resumed from; null when it started afresh.</param>
/// <param name="Fence">Starts so far, hand-backs included: the fencing token of the latest attempt, which alone may write.</param>
/// <param name="Kind">A <see cref="JobKinds"/> value.</param>
/// <param name="ModelId">An encoding job's model (the one it encodes with); null for training jobs.</param>
public sealed record JobRecord(
    Guid Id,
    Guid DatasetId,
    string ConfigJson,
    string State,
    double Progress,
    int Epoch,
    int Epochs,
    double? Loss,
    string? Error,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Worker = null,
    int? ResumedFromEpoch = null,
    int Fence = 0,
    string Kind = JobKinds.Training,
    Guid? ModelId = null)
{
    public bool IsEncoding => Kind == JobKinds.Encoding;
}

/// <summary>Everything a finished job produces; written in one transaction with the job's final state.</summary>
/// <param name="ItemIds">Row r's item id at r: a streamed job's are read from its dataset a range at a time as they are written.</param>
/// <param name="Latent">One vector per row, in memory or in a file (a streamed job's), read a range at a time as it is written.</param>
/// <param name="Model">The model file; null for an encoding job, which registers no model.</param>
/// <param name="PreprocessingJson">The fitted preprocessing (table encoding with its fill values, and the scaler), as inside the model file.</param>
public sealed record JobResults(
    IReadOnlyList<string> ItemIds,
    RowSource Latent,
    float[] ReconstructionErrors,
    int[] Clusters,
    Matrix Centroids,
    int[] ClusterSizes,
    string MetricsJson,
    double[] EpochLosses,
    byte[]? Model,
    string? ClusteringModelJson = null,
    string? PreprocessingJson = null);

public sealed record ClusterSummaryRecord(int K, int LatentDim, int ItemCount, float[] Centroids, int[] ClusterSizes,
    string MetricsJson, double[] EpochLosses);

public sealed record EmbeddingRecord(int RowIndex, string ItemId, int Cluster, float[] Latent, float? ReconstructionError);
