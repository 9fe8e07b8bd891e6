using WebClustering.Core.Rows;
using Npgsql;
using WebClustering.Core;
using WebClustering.Core.Models;
using WebClustering.Core.Neighbors;
using WebClustering.Core.Preprocessing;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Migrations;
using WebClustering.Storage.Tenants;

namespace WebClustering.ServingBench;

/// <summary>
/// Stores a succeeded job with synthetic embeddings through the service's own storage code (the same binary COPY
/// a finished training uses), so the serving endpoints can be measured at sizes training here would take hours for.
/// </summary>
public static class Seeder
{
    /// <param name="hnsw">Also build and store the job's cosine HNSW index (the build time is printed to stderr).</param>
    public static async Task<Guid> SeedAsync(string connectionString, int rows, int dims, bool hnsw = false)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(dataSource).ApplyAsync();
        var datasets = new DatasetStore(dataSource);
        var jobs = new JobStore(dataSource);
        var dataset = await datasets.CreateAsync(DefaultTenant.Id, $"synthetic {rows} x {dims}", null, null, new DatasetLayout("table", [1], ["x"]),
            new DatasetRows([], null, new Matrix([], 0, 1)));
        const string config = """
            {"model":{"kind":"dense","hiddenLayers":[4],"latentDim":32,"activation":"relu"},
             "training":{"epochs":1,"batchSize":256,"learningRate":0.001,"optimizer":"adam","seed":0,"preprocessing":"none"},
             "clustering":{"algorithm":"kmeans","k":10,"nInit":1}}
            """;
        var (_, job) = await jobs.CreateAsync(DefaultTenant.Id, dataset.Id, config, epochs: 1);
        await jobs.StartAsync(job!.Id);

        var (ids, clusters, vectors) = SyntheticEmbeddings.Create(rows, dims, seed: 1);
        var sizes = new int[SyntheticEmbeddings.Clusters];
        foreach (var c in clusters) sizes[c]++;
        var model = AutoencoderFactory.Create(new DenseSpec { InputDim = 1, HiddenLayers = [4], LatentDim = dims }, seed: 0);
        var results = new JobResults(ids, new MatrixRows(new Matrix(vectors, rows, dims)), new float[rows], clusters,
            Matrix.Zeros(SyntheticEmbeddings.Clusters, dims), sizes,
            """{"inertia":0,"silhouette":0,"daviesBouldin":0,"calinskiHarabasz":0}""", [0.0],
            ModelFile.Save(new TrainedModel(model, Scaler.Fit(new Matrix([0f], 1, 1), ScalingKind.None))));
        if (hnsw)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var index = HnswIndex.Build(vectors, rows, dims, HnswMetric.Cosine, new HnswOptions(), Environment.ProcessorCount);
            double seconds = clock.Elapsed.TotalSeconds;
            await using (var bytes = index.OpenSerialized())
                await new VectorIndexStore(dataSource).WriteAsync(job.Id, null, "cosine", rows, dims, bytes, bytes.Length, seconds);
            Console.Error.WriteLine($"HNSW index (cosine) of {rows} x {dims}: built in {seconds:F1} s on {Environment.ProcessorCount} threads, " +
                $"{index.SerializedLength / 1048576.0:F0} MiB stored in {clock.Elapsed.TotalSeconds - seconds:F1} s");
        }
        if (!await new ResultStore(dataSource).CompleteAsync(job.Id, results))
            throw new InvalidOperationException("The synthetic job could not be completed.");
        return job.Id;
    }
}
