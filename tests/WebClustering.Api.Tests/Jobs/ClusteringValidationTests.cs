using System.Net;
using WebClustering.Api.Datasets;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Jobs;

[Collection(ServiceCollection.Name)]
public sealed class ClusteringValidationTests(ServiceFixture service) : IAsyncLifetime
{
    private readonly HttpClient client = service.CreateClient();
    private DatasetResponse dataset = null!;

    public async Task InitializeAsync() => dataset = await client.CreateDatasetAsync("a,b\n1,2\n3,4\n5,6\n7,8\n");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unknown_option_of_the_algorithm_is_refused_by_name()
    {
        var errors = await PostAndReadErrors(new { algorithm = "dbscan", options = new { eps = 0.5, epsilon = 2 } });
        Assert.Contains("epsilon", errors["clustering.options"]);
    }

    [Fact]
    public async Task A_k_range_beyond_the_rows_is_refused()
    {
        var errors = await PostAndReadErrors(new { algorithm = "gmm", kRange = new { min = 5, max = 8 } });
        Assert.Contains("rows (4)", errors["clustering.kRange"]);
    }

    [Fact]
    public async Task A_bad_option_value_is_refused_with_its_reason()
    {
        var errors = await PostAndReadErrors(new { algorithm = "idec", k = 2, options = new { gamma = -1 } });
        Assert.Contains("gamma", errors["clustering.options"]);
    }

    [Fact]
    public async Task An_unknown_preset_or_algorithm_is_refused()
    {
        Assert.Contains("n3d", (await PostAndReadErrors(new { preset = "n3d", k = 2 }))["clustering.preset"]);
        Assert.Contains("spectral", (await PostAndReadErrors(new { algorithm = "spectral", k = 2 }))["clustering.algorithm"]);
    }

    [Fact]
    public async Task Agglomerative_clustering_above_its_row_limit_is_refused_before_queueing()
    {
        var big = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 200, clusters: 3, dims: 2), idColumn: "item", labelColumn: "species");
        var problem = await (await client.PostJobAsync(new
        {
            datasetId = big.Id,
            clustering = new { algorithm = "agglomerative", k = 3, options = new { memoryBudgetMb = 1 } },
        })).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("at most 512 rows", problem["errors"]!["clustering.algorithm"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_noise_finding_algorithm_takes_no_k_range()
    {
        var errors = await PostAndReadErrors(new { algorithm = "hdbscan", kRange = new { min = 2, max = 3 } });
        Assert.Contains("finds the number of clusters itself", errors["clustering.kRange"]);
    }

    private async Task<Dictionary<string, string>> PostAndReadErrors(object clustering)
    {
        var problem = await (await client.PostJobAsync(new { datasetId = dataset.Id, clustering })).ShouldBeProblem(HttpStatusCode.BadRequest);
        return problem["errors"]!.AsObject().ToDictionary(
            pair => pair.Key,
            pair => string.Join(" ", pair.Value!.AsArray().Select(m => m!.GetValue<string>())));
    }
}
