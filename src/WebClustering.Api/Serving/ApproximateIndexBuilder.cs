using System.Diagnostics;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Core;
using WebClustering.Core.Neighbors;
using WebClustering.Core.Rows;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Serving;

/// <summary>
/// Builds an embedding set's HNSW indexes once, in the job that computed the vectors, and stores them
/// (<see cref="VectorIndexStore"/>) so that every API process loads them instead of building its own
/// (<see cref="VectorIndexCache.ApproximateFor"/>). Sets below <see cref="ServingSettings.ApproximateSearchMinItems"/> get none.
/// </summary>
public sealed class ApproximateIndexBuilder(VectorIndexStore store, IOptions<ServingSettings> options, IOptions<WorkerSettings> workers,
    ILogger<ApproximateIndexBuilder> logger)
{
    /// <summary>
    /// Builds and stores an index per configured metric for the job's <paramref name="vectors"/> vectors (row r under
    /// key r, the row order of the stored embeddings). Returns false when the job is no longer held under
    /// <paramref name="fence"/>: then nothing more is written.
    /// </summary>
    public async Task<bool> BuildAsync(Guid jobId, int? fence, RowSource vectors, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (vectors.Rows < Math.Max(2, settings.ApproximateSearchMinItems)) return true;
        // The graph holds its own copy of every vector, so the vectors are read into memory for the build (a streamed
        // job's come from its file) and dropped after it.
        var latent = vectors.ReadAll();
        SimilarMetrics.TryParseList(settings.ApproximateSearchMetrics, out var metrics); // checked at start-up
        foreach (var metric in metrics)
        {
            var watch = Stopwatch.StartNew();
            // CPU-bound for seconds to minutes: a thread of its own, on the training threads this job was given.
            using var index = await Task.Factory.StartNew(
                () => HnswIndex.Build(latent.Values, latent.Rows, latent.Cols, SimilarMetrics.Hnsw(metric), IndexOptions(settings),
                    workers.Value.EffectiveTrainingThreads, cancellationToken),
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            double seconds = watch.Elapsed.TotalSeconds;
            await using (var bytes = index.OpenSerialized())
            {
                if (!await store.WriteAsync(jobId, fence, SimilarMetrics.Name(metric), latent.Rows, latent.Cols, bytes, bytes.Length, seconds, cancellationToken))
                    return false;
            }
            logger.LogInformation("Built the {Metric} HNSW index of job {JobId}: {Count} items in {Seconds:F1} s, {Bytes} bytes stored",
                SimilarMetrics.Name(metric), jobId, latent.Rows, seconds, index.SerializedLength);
        }
        return true;
    }

    /// <summary>The graph settings every index is built and loaded with.</summary>
    public static HnswOptions IndexOptions(ServingSettings settings) => new(ExpansionSearch: settings.ApproximateSearchExpansion);
}
