using WebClustering.Api.Serving;
using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Jobs;

/// <summary>Jobs with the engine's other algorithms, end to end through Hangfire; training is kept tiny.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ClusteringAlgorithmTests(ServiceFixture service) : IAsyncLifetime
{
    private readonly HttpClient client = service.CreateClient();
    private DatasetResponse dataset = null!;
    private readonly string csv = CsvFiles.Blobs(perCluster: 40, clusters: 3, dims: 20);

    public async Task InitializeAsync() => dataset = await client.CreateDatasetAsync(csv, idColumn: "item", labelColumn: "species");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_gmm_job_reports_its_likelihood_and_its_model_places_new_rows_in_the_cluster_of_their_blob()
    {
        var (job, clusters) = await RunAsync(new { algorithm = "gmm", k = 3, options = new { covarianceType = "diag" } });

        Assert.Equal("gmm", clusters.Clustering!.Algorithm);
        Assert.NotNull(clusters.Clustering.LogLikelihood);
        Assert.NotNull(clusters.Clustering.Bic);
        Assert.True(clusters.External!.Accuracy >= 0.95, $"ACC {clusters.External.Accuracy}");

        var models = (await client.GetFromJsonAsync<ModelListResponse>("/api/models?limit=500", ApiClient.Json))!;
        var model = models.Items.Single(m => m.JobId == job.Id);
        Assert.Equal("gmm", model.Clustering.Algorithm);
        var fresh = PlainCsvTable.Parse(CsvFiles.Blobs(perCluster: 40, clusters: 3, dims: 20, noiseSeed: 77));
        var rows = Enumerable.Range(0, 30).Select(r => new { features = fresh.Features.AsSpan(r * fresh.Cols, fresh.Cols).ToArray() });
        var encoded = (await (await client.PostAsJsonAsync($"/api/models/{model.Id}/encode", new { rows }, ApiClient.Json))
            .Content.ReadFromJsonAsync<EncodeResponse>(ApiClient.Json))!;
        var stored = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{job.Id}/embeddings?limit=3", ApiClient.Json))!;
        // Row r belongs to blob r % 3, and stored items 0, 1, 2 are one from each blob.
        for (int r = 0; r < 30; r++) Assert.Equal(stored.Items[r % 3].Cluster, encoded.Items[r].Cluster);
    }

    [Fact]
    public async Task A_dbscan_job_labels_noise_minus_one_in_embeddings_and_leaves_it_out_of_cluster_sizes()
    {
        var (job, clusters) = await RunAsync(new { algorithm = "dbscan", standardize = true, options = new { eps = 0.3, minSamples = 8 } });

        int noise = clusters.Clustering!.NoiseCount;
        Assert.True(noise > 0, "some rows are noise");
        Assert.Equal(clusters.Sizes.Length, clusters.K);
        Assert.Equal(120, clusters.Sizes.Sum() + noise);
        var page = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{job.Id}/embeddings?limit=1000", ApiClient.Json))!;
        Assert.Equal(noise, page.Items.Count(e => e.Cluster == -1));
        var noisePage = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{job.Id}/embeddings?cluster=-1&limit=1000", ApiClient.Json))!;
        Assert.Equal(noise, noisePage.Total);
        Assert.All(noisePage.Items, e => Assert.Equal(-1, e.Cluster));
    }

    [Fact]
    public async Task Automatic_k_chooses_three_on_three_blobs_and_returns_its_curve()
    {
        var (job, clusters) = await RunAsync(new { algorithm = "kmeans", kRange = new { min = 2, max = 5 }, selection = "silhouette" });

        Assert.Equal(3, clusters.K);
        Assert.Equal("silhouette", clusters.Clustering!.Selection);
        Assert.Equal([2, 3, 4, 5], clusters.Clustering.KCurve!.Select(point => point.K));
        Assert.Equal(clusters.Clustering.KCurve!.Max(point => point.Score), clusters.Clustering.KCurve!.Single(point => point.K == 3).Score);
        // The curve is also drawn, as kselection.png, beside the other plots.
        var plot = await client.GetByteArrayAsync($"/api/jobs/{job.Id}/plots/kselection.png");
        Png.ShouldBePlot(plot, WebClustering.Api.Plots.PlotRenderer.LossWidth, WebClustering.Api.Plots.PlotRenderer.LossHeight);
    }

    [Fact]
    public async Task A_dec_job_returns_its_clustering_loss_history()
    {
        var (_, clusters) = await RunAsync(new { algorithm = "dec", k = 3, options = new { updateInterval = 4, maxIter = 40, batchSize = 32 } });

        Assert.Equal("dec", clusters.Clustering!.Algorithm);
        Assert.NotEmpty(clusters.Clustering.ClusteringLoss!);
        Assert.True(clusters.External!.Accuracy >= 0.95, $"ACC {clusters.External.Accuracy}");
    }

    [Fact]
    public async Task The_n2d_preset_runs_the_manifold_recipe()
    {
        var (job, clusters) = await RunAsync(new { preset = "n2d", k = 3, options = new { nEpochs = 100 } });

        Assert.Equal("manifold", clusters.Clustering!.Algorithm);
        Assert.True(clusters.External!.Accuracy >= 0.95, $"ACC {clusters.External.Accuracy}");
        Assert.Equal(("n2d", "manifold"), (job.Configuration.Clustering.Preset, job.Configuration.Clustering.Algorithm));
    }

    private async Task<(JobResponse Job, ClustersResponse Clusters)> RunAsync(object clustering)
    {
        var post = await client.PostJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { hiddenLayers = new[] { 32, 16 }, latentDim = 3 },
            training = new { epochs = 25, batchSize = 32, learningRate = 0.003, seed = 5 },
            clustering,
        });
        await post.ShouldHaveStatus(HttpStatusCode.Accepted);
        var queued = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
        var job = await client.WaitForJobAsync(queued.Id, TimeSpan.FromMinutes(3));
        Assert.True(job.State == "succeeded", $"job ended {job.State}: {job.Error}");
        return (job, (await client.GetFromJsonAsync<ClustersResponse>($"/api/jobs/{job.Id}/clusters", ApiClient.Json))!);
    }
}
