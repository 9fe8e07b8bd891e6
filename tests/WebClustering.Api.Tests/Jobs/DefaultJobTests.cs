using System.Net.Http.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Jobs;

[Collection(ServiceCollection.Name)]
public sealed class DefaultJobTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task A_job_that_sends_little_gets_a_plan_with_reasons_and_a_baseline_beside_its_scores()
    {
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 170, clusters: 3, dims: 6), "item", "species");

        // Only the epochs are pinned, to keep the suite fast; everything else is the service's choice.
        var post = await client.PostJobAsync(new { datasetId = dataset.Id, training = new { epochs = 5 }, clustering = new { k = 3 } });
        var job = await client.WaitForJobAsync((await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id, TimeSpan.FromMinutes(3));

        Assert.Equal("succeeded", job.State);
        var chosen = job.Chosen!.ToDictionary(c => c.Field, c => c.Reason);
        Assert.Contains("training.preprocessing", chosen.Keys);
        Assert.Contains("clustering.preset", chosen.Keys);
        Assert.DoesNotContain("training.epochs", chosen.Keys);
        Assert.DoesNotContain("clustering.k", chosen.Keys);
        Assert.Equal(("manifold", 6, 5), (job.Configuration.Clustering.Algorithm, job.Configuration.Model.LatentDim, job.Configuration.Training.Epochs));

        var clusters = (await client.GetFromJsonAsync<ClustersResponse>($"/api/jobs/{job.Id}/clusters", ApiClient.Json))!;
        var baseline = clusters.Baseline!;
        Assert.Equal((510, 3), (baseline.Rows, baseline.K));
        Assert.Equal(("kmeans", "pca_kmeans", 6), (baseline.KMeans.Method, baseline.Pca.Method, baseline.Pca.Components));
        Assert.InRange(baseline.KMeans.External!.Accuracy, 0.0, 1.0);
        Assert.NotNull(baseline.Pca.External);
    }

    [Fact]
    public async Task A_k_left_out_is_chosen_and_its_curve_reported()
    {
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 25, clusters: 3, dims: 4), "item", "species");

        var post = await client.PostJobAsync(new { datasetId = dataset.Id, training = new { epochs = 5 } });
        var job = await client.WaitForJobAsync((await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id, TimeSpan.FromMinutes(3));

        Assert.Equal("succeeded", job.State);
        Assert.Contains(job.Chosen!, c => c.Field == "clustering.kRange");
        var clusters = (await client.GetFromJsonAsync<ClustersResponse>($"/api/jobs/{job.Id}/clusters", ApiClient.Json))!;
        Assert.Equal(11, clusters.Clustering!.KCurve!.Count);
        Assert.Equal(clusters.K, clusters.Clustering.KCurve.MaxBy(point => point.Score)!.K);
    }
}
