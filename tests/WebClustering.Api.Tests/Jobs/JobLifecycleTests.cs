using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Jobs;

[Collection(ServiceCollection.Name)]
public sealed class JobLifecycleTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task A_job_that_fails_while_training_says_why_and_has_no_results()
    {
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 20, clusters: 2, dims: 8), "item", "species");
        var post = await client.PostJobAsync(new
        {
            datasetId = dataset.Id,
            training = new { epochs = 30, batchSize = 8, learningRate = 10.0, optimizer = "sgd" },
            clustering = new { k = 2 },
        });
        await post.ShouldHaveStatus(HttpStatusCode.Accepted);
        var id = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id;

        var job = await client.WaitForJobAsync(id, TimeSpan.FromMinutes(2));

        Assert.Equal("failed", job.State);
        Assert.Contains("diverged", job.Error);
        Assert.NotNull(job.FinishedAt);
        var problem = await (await client.GetAsync($"/api/jobs/{id}/embeddings")).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Contains("diverged", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Jobs_are_listed_newest_first_and_filtered_by_state()
    {
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 5, clusters: 2, dims: 3), "item", "species");
        var ids = new List<Guid>();
        for (int i = 0; i < 3; i++)
        {
            var post = await client.PostJobAsync(new { datasetId = dataset.Id, training = new { epochs = 1 }, clustering = new { k = 2 } });
            ids.Add((await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id);
        }
        foreach (var id in ids) await client.WaitForJobAsync(id, TimeSpan.FromMinutes(2));

        var all = (await client.GetFromJsonAsync<JobListResponse>("/api/jobs?limit=2", ApiClient.Json))!;
        Assert.Equal([ids[2], ids[1]], all.Items.Select(j => j.Id));
        Assert.True(all.Total >= 3);

        var succeeded = (await client.GetFromJsonAsync<JobListResponse>("/api/jobs?state=succeeded&limit=500", ApiClient.Json))!;
        Assert.All(succeeded.Items, j => Assert.Equal("succeeded", j.State));
        Assert.Superset(ids.ToHashSet(), succeeded.Items.Select(j => j.Id).ToHashSet());
    }
}
