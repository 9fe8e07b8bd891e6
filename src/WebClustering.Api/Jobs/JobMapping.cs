using WebClustering.Api.Jobs.Planning;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

public static class JobMapping
{
    public static JobResponse ToResponse(this JobRecord job)
    {
        var (configuration, choices) = JobPlan.Parse(job.ConfigJson);
        return new JobResponse(job.Id, job.DatasetId, job.State, job.Progress, job.Epoch, job.Epochs, job.Loss, job.Error, job.Attempts,
            job.CreatedAt, job.StartedAt, job.FinishedAt, configuration,
            job.State == JobStates.Running ? Progress.TimeLeft.Estimate(job.StartedAt, job.Progress, DateTimeOffset.UtcNow) : null,
            job.Worker, job.ResumedFromEpoch, choices.Count > 0 && !job.IsEncoding ? choices : null, job.Fence, job.Kind, job.ModelId);
    }

    public static IReadOnlyList<StoredEpoch> ToStoredEpochs(this IReadOnlyList<Core.Training.EpochRecord> history) =>
        [.. history.Select(e => new StoredEpoch(e.Epoch, e.TrainingLoss, e.ValidationLoss, e.LearningRate))];

    public static JobHistoryResponse ToHistoryResponse(this IReadOnlyList<StoredEpoch> epochs, Guid jobId) =>
        new(jobId, [.. epochs.Select(e => new EpochResponse(e.Epoch, e.TrainingLoss, e.ValidationLoss, e.LearningRate))]);

    public static ClustersResponse ToResponse(this ClusterSummaryRecord summary)
    {
        var (scores, details, baseline) = StoredMetrics.Read(summary.MetricsJson);
        return new ClustersResponse(summary.K, summary.Centroids.AsRows(summary.K, summary.LatentDim), summary.ClusterSizes,
            scores.Inertia, scores.Silhouette, scores.DaviesBouldin, scores.CalinskiHarabasz, scores.External(), summary.EpochLosses,
            details, baseline);
    }

    public static ExternalScores? External(this Core.Metrics.ClusteringScores scores) =>
        scores is { Accuracy: { } acc, Nmi: { } nmi, Ari: { } ari } ? new ExternalScores(acc, nmi, ari) : null;

    /// <summary>A row-major block of <paramref name="rows"/> x <paramref name="cols"/> values as one array per row.</summary>
    public static float[][] AsRows(this float[] values, int rows, int cols) =>
        [.. Enumerable.Range(0, rows).Select(r => values.AsSpan(r * cols, cols).ToArray())];
}
