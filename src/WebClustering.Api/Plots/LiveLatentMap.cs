using System.Collections.Concurrent;
using System.Text.Json;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Core.Clustering;
using WebClustering.Core.Inference;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Plots;

/// <summary>
/// The latent map of a job that is still training, drawn on request from its latest checkpoint: the checkpoint's
/// weights encode an evenly spaced sample of the dataset (scaled as training scaled it), coloured by a quick
/// k-means with the job's k and, when the dataset has labels, by label. Any process can draw it, since the
/// checkpoint lives in PostgreSQL; a drawing is reused until a newer checkpoint arrives.
/// </summary>
public sealed class LiveLatentMap(CheckpointStore checkpoints, DatasetStore datasets, DatasetSamples samples, ILogger<LiveLatentMap> logger)
{
    public const int SampleRows = 2000;
    private const int MaxCached = 64;

    private readonly ConcurrentDictionary<Guid, (DateTimeOffset SavedAt, byte[] Png)> drawn = new();

    /// <summary>The PNG, or null when the job has no usable checkpoint yet.</summary>
    public async Task<byte[]?> DrawAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var checkpoint = await checkpoints.GetAsync(job.Id, cancellationToken);
        if (checkpoint?.ScalerJson is null) return null;
        if (drawn.TryGetValue(job.Id, out var cached) && cached.SavedAt == checkpoint.SavedAt) return cached.Png;
        var dataset = await datasets.GetAsync(job.DatasetId, cancellationToken);
        if (dataset is null) return null;
        var rows = await samples.ReadAsync(dataset, SampleRows, cancellationToken);

        var plan = JobPlan.Load(job.ConfigJson, dataset);
        var scaler = JsonSerializer.Deserialize<Scaler>(checkpoint.ScalerJson)!;
        // Gaps kept at upload are filled as the job fills them (their fill values were recorded at upload).
        plan.FillGaps(dataset, rows.Features);
        byte[] png;
        try
        {
            using var model = CheckpointWeights.Load(plan.Model, checkpoint.State, out int epochs);
            var latent = ModelInference.Latent(model, scaler.Apply(rows.Features));
            int k = Math.Clamp(plan.Clustering.K, 1, Math.Max(1, latent.Rows));
            var clusters = KMeans.Fit(latent, new KMeansOptions(k, NInit: 1, Seed: 0)).Labels;
            png = JobPlotSet.LatentMap(latent, clusters, rows.Labels,
                $"Running, epoch {epochs}/{job.Epochs}, {latent.Rows} rows");
        }
        catch (IncompatibleCheckpointException exception)
        {
            logger.LogWarning("Job {JobId}: its checkpoint cannot be drawn ({Reason})", job.Id, exception.Message);
            return null;
        }
        if (drawn.Count >= MaxCached) drawn.Clear();
        drawn[job.Id] = (checkpoint.SavedAt, png);
        return png;
    }
}
