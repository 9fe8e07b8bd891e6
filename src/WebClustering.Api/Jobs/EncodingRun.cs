using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Api.Registry;
using WebClustering.Core;
using WebClustering.Core.Metrics;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Rows;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// The work of an encoding job's attempt; <see cref="JobAttempt"/> starts, fences, hands back and fails it as it does
/// any job's. Every row of the dataset goes through the model's fitted preprocessing (the table's fill values, the
/// scaler) and encoder, and to the model's clusters, by the same <see cref="LoadedModel.Encode"/> that answers
/// POST /api/models/{id}/encode; the set is stored as a training job's results are, in one fenced transaction, with
/// the model's centroids and clustering and without a model file of its own (it registers no model).
/// </summary>
public sealed class EncodingRun(ModelStore models, DatasetStore datasets, ModelCache cache, JobStore jobs, ResultStore results,
    Serving.ApproximateIndexBuilder approximateIndexes, IOptions<JobRunSettings> settings, ILogger<EncodingRun> logger)
{
    /// <summary>Rows encoded between two progress writes (and cancellation checks).</summary>
    public const int ChunkRows = 8192;

    public async Task RunAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var model = await models.GetAsync(job.ModelId!.Value, cancellationToken)
            ?? throw new InvalidOperationException($"The model '{job.ModelId}' this job encodes with no longer exists.");
        var dataset = await datasets.GetAsync(job.DatasetId, cancellationToken)
            ?? throw new InvalidOperationException("The job's dataset no longer exists.");
        var loaded = await cache.GetAsync(model);
        // A large catalogue streams its rows; gaps are filled with the model's fill values, as its own job filled
        // them (the model's plan for older models).
        var read = await JobRows.ReadAsync(datasets, dataset, settings.Value, cancellationToken);
        var (rows, _) = read.FillGaps(JobPlan.Load(model.ConfigJson, dataset), loaded.Model, dataset);

        var (latent, errors, clusters) = await EncodeAsync(job, loaded, rows.Features, cancellationToken);
        using var latentFile = latent as IDisposable;
        var stored = await MetricsAsync(model, latent, clusters, rows.Labels, cancellationToken);
        var set = new JobResults(rows.ItemIds, latent, errors, clusters, loaded.Centroids, Sizes(clusters, loaded.Centroids.Rows), stored,
            [], Model: null, model.ClusteringModelJson, model.PreprocessingJson);
        var discarded = $"Job {job.Id} was no longer running under attempt {job.Fence} when it finished; its results were discarded.";
        // A large catalogue gets its similar-items indexes as a training job's embeddings do.
        if (!await approximateIndexes.BuildAsync(job.Id, job.Fence, latent, cancellationToken))
            throw new JobTakenOverException(discarded);
        if (!await results.CompleteAsync(job.Id, set, CancellationToken.None, plots: null, fence: job.Fence))
            throw new JobTakenOverException(discarded);
        logger.LogInformation("Encoding job {JobId} succeeded: {Rows} rows with model {ModelId}", job.Id, latent.Rows, model.Id);
    }

    /// <summary>
    /// Rows in memory are encoded into memory; a streamed set's vectors go to a temporary file (as a streamed training
    /// job's do), so that a catalogue of millions holds 8 bytes a row (error and cluster).
    /// </summary>
    private async Task<(RowSource Latent, float[] Errors, int[] Clusters)> EncodeAsync(JobRecord job, LoadedModel loaded, RowSource features,
        CancellationToken cancellationToken)
    {
        int n = features.Rows, width = features.Cols, dims = loaded.Centroids.Cols;
        var held = features.InMemory is null ? null : Matrix.Zeros(n, dims);
        var spilled = held is null ? new SpilledRows(dims) : null;
        try
        {
            var errors = new float[n];
            var clusters = new int[n];
            for (int start = 0; start < n; start += ChunkRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(ChunkRows, n - start);
                var chunk = Matrix.Zeros(count, width);
                // A streamed set's range is read on a pool thread too: its COPY is synchronous.
                await Task.Run(() => features.Read(start, count, chunk.Values), cancellationToken);
                // CPU-bound and brief: a pool thread, never awaited inside a dispose scope (Batches owns those).
                var (encoded, assigned) = await Task.Run(() => loaded.Encode(chunk), cancellationToken);
                if (held is not null) encoded.Latent.Values.CopyTo(held.Values, (long)start * dims);
                else spilled!.Append(encoded.Latent.Values);
                encoded.ReconstructionErrors.CopyTo(errors, start);
                assigned.CopyTo(clusters, start);
                // A refused write means another attempt holds the job: stop here rather than encode for nothing.
                if (!await jobs.ReportProgressAsync(job.Id, job.Fence, 0.9 * (start + count) / n, 0, null, cancellationToken))
                    throw new JobTakenOverException($"Job {job.Id} is no longer running under attempt {job.Fence}; its encoding stopped.");
            }
            return (held is null ? spilled! : new MatrixRows(held), errors, clusters);
        }
        catch
        {
            spilled?.Dispose();
            throw;
        }
    }

    // The scores of the model's clustering on this set (and against its label column, when it has one), so that
    // GET /api/jobs/{id}/clusters says how well the new rows fit the model's clusters.
    private static async Task<string> MetricsAsync(ModelRecord model, RowSource latent, int[] clusters, IReadOnlyList<string?>? labels,
        CancellationToken cancellationToken)
    {
        var scores = await Task.Run(() => ClusteringScores.Of(latent, clusters, null, labels, seed: 0), cancellationToken);
        var algorithm = StoredMetrics.Read(model.MetricsJson).Details?.Algorithm ?? "kmeans";
        return StoredMetrics.MetricsJson(scores, new ClusteringDetails(algorithm, model.K, clusters.Count(c => c < 0)));
    }

    private static int[] Sizes(int[] clusters, int k)
    {
        var sizes = new int[k];
        foreach (int c in clusters)
            if (c >= 0 && c < k) sizes[c]++;
        return sizes;
    }
}
