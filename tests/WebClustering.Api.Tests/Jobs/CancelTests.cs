using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tests.Jobs;

[Collection(ServiceCollection.Name)]
public sealed class CancelTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task A_running_job_stops_promptly_ends_cancelled_and_leaves_no_results()
    {
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 200, clusters: 3, dims: 20), "item", "species");
        var post = await client.PostJobAsync(new { datasetId = dataset.Id, training = new { epochs = 100_000, batchSize = 16 }, clustering = new { k = 3 } });
        var id = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id;
        await WaitUntil(async () => (await Job(id)).Epoch >= 2, TimeSpan.FromMinutes(1));

        var stopwatch = Stopwatch.StartNew();
        var response = await client.PostAsync($"/api/jobs/{id}/cancel", null);

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Equal("cancelled", (await response.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.State);
        // The single training worker is free again once the job has stopped: a short job then runs to the end.
        var next = await TrainedJob.TrainAsync(client, CsvFiles.Blobs(perCluster: 10, clusters: 3, dims: 4), epochs: 2);
        Assert.Equal("succeeded", next.Job.State);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");

        var job = await Job(id);
        Assert.Equal("cancelled", job.State);
        Assert.NotNull(job.FinishedAt);
        await (await client.GetAsync($"/api/jobs/{id}/embeddings")).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(0L, await CountRows("job_embeddings", id) + await CountRows("job_results", id));
    }

    [Fact]
    public async Task A_queued_job_is_cancelled_once_and_then_refused()
    {
        var dataset = await client.CreateDatasetAsync("a,b\n1,2\n3,4\n");
        var (_, job) = await service.Service<JobStore>().CreateAsync(DefaultTenant.Id, dataset.Id, """{"model":{},"training":{},"clustering":{}}""", epochs: 1);

        await (await client.PostAsync($"/api/jobs/{job!.Id}/cancel", null)).ShouldHaveStatus(HttpStatusCode.OK);

        var again = await (await client.PostAsync($"/api/jobs/{job.Id}/cancel", null)).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Contains("cancelled", again["detail"]!.GetValue<string>());
        await (await client.PostAsync($"/api/jobs/{Guid.NewGuid()}/cancel", null)).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    private async Task<JobResponse> Job(Guid id) => (await client.GetFromJsonAsync<JobResponse>($"/api/jobs/{id}", ApiClient.Json))!;

    private static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not come true in time.");
            await Task.Delay(100);
        }
    }

    private async Task<long> CountRows(string table, Guid jobId)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE job_id = @id", connection);
        command.Parameters.AddWithValue("id", jobId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
