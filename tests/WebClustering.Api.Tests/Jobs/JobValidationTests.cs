using System.Net;
using System.Text;
using WebClustering.Api.Datasets;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Jobs;

[Collection(ServiceCollection.Name)]
public sealed class JobValidationTests(ServiceFixture service) : IAsyncLifetime
{
    private readonly HttpClient client = service.CreateClient();
    private DatasetResponse dataset = null!;

    public async Task InitializeAsync() => dataset = await client.CreateDatasetAsync("a,b\n1,2\n3,4\n5,6\n7,8\n");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unknown_dataset_is_refused()
    {
        var missing = Guid.NewGuid();
        var errors = await PostAndReadErrors(new { datasetId = missing });
        Assert.Contains(missing.ToString(), errors["datasetId"]);
    }

    [Theory]
    [InlineData(1, "at least 2")]
    [InlineData(5, "only 4 rows")]
    public async Task A_k_outside_two_to_the_row_count_is_refused(int k, string expected)
    {
        var errors = await PostAndReadErrors(new { datasetId = dataset.Id, clustering = new { k } });
        Assert.Contains(expected, errors["clustering.k"]);
    }

    [Fact]
    public async Task A_latent_size_below_one_is_refused()
    {
        var errors = await PostAndReadErrors(new { datasetId = dataset.Id, model = new { latentDim = 0 }, clustering = new { k = 2 } });
        Assert.Contains("latentDim", errors["model.latentDim"]);
    }

    [Fact]
    public async Task The_step_activation_is_refused_with_the_reason()
    {
        var errors = await PostAndReadErrors(new { datasetId = dataset.Id, model = new { activation = "step" }, clustering = new { k = 2 } });
        Assert.Contains("gradient is zero", errors["model.activation"]);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var errors = await PostAndReadErrors(new
        {
            datasetId = dataset.Id,
            training = new { epochs = 0, optimizer = "rmsprop" },
            clustering = new { k = 2, algorithm = "magic" },
        });
        Assert.Equal(["clustering.algorithm", "training.epochs", "training.optimizer"], errors.Keys.Order());
    }

    [Fact]
    public async Task An_unknown_field_is_refused_by_name()
    {
        var body = new StringContent("{\"datasetId\":\"" + dataset.Id + "\",\"trainng\":{}}", Encoding.UTF8, "application/json");
        var problem = await (await client.PostAsync("/api/jobs", body)).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("trainng", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_json_is_refused()
    {
        var body = new StringContent("{\"datasetId\": ", Encoding.UTF8, "application/json");
        await (await client.PostAsync("/api/jobs", body)).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Listing_jobs_by_an_unknown_state_is_refused()
    {
        var problem = await (await client.GetAsync("/api/jobs?state=sleeping")).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("sleeping", problem["errors"]!["state"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Results_of_an_unknown_job_are_not_found()
    {
        var id = Guid.NewGuid();
        foreach (var path in new[] { "", "/embeddings", "/clusters", "/model" })
            await (await client.GetAsync($"/api/jobs/{id}{path}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    private async Task<Dictionary<string, string>> PostAndReadErrors(object request)
    {
        var problem = await (await client.PostJobAsync(request)).ShouldBeProblem(HttpStatusCode.BadRequest);
        return problem["errors"]!.AsObject().ToDictionary(
            pair => pair.Key,
            pair => string.Join(" ", pair.Value!.AsArray().Select(m => m!.GetValue<string>())));
    }
}
