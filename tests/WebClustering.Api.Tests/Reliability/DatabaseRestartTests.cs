using System.Net.Http.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;
using static WebClustering.Api.Tests.Infrastructure.JobProbe;
using static WebClustering.Api.Tests.Reliability.WorkerProcesses;

namespace WebClustering.Api.Tests.Reliability;

/// <summary>PostgreSQL stopped and started again while a job trains, on a server of the test's own.</summary>
[Collection(ProcessCollection.Name)]
public sealed class DatabaseRestartTests
{
    // Enough epochs that a fast machine is still training when the database stops (at 0.2 s an epoch, 8 s).
    private const int Epochs = 40;

    [Fact]
    public async Task A_job_whose_database_restarts_is_retried_from_its_checkpoint_and_completes_with_nothing_duplicated()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var database = await TestDatabase.CreateAsync(postgres.AdminConnectionString);
        await using var api = await ServiceProcess.StartAsync("api", database.ConnectionString, "Api");
        await using var worker = await ServiceProcess.StartAsync("worker", database.ConnectionString, "Worker", Settings(checkpointEvery: 2));
        var dataset = await api.Client.CreateDatasetAsync(Dataset, "item", "species");
        var jobId = await api.Client.QueueJobAsync(Job(dataset.Id, Epochs));
        await EventuallyAsync(async () => await database.CheckpointEpochAsync(jobId) >= 2, Training, "a checkpoint", worker);

        await postgres.StopServerAsync();
        // Training goes on without the database (progress and checkpoints wait); writing the results cannot: a
        // transient fault ends the attempt, and the worker waits to try again.
        await worker.WaitForOutputAsync("hit a transient fault", Training);
        await postgres.StartServerAsync();

        var job = await WaitTolerantlyAsync(api.Client, jobId);
        Assert.True(job.State == "succeeded", $"{job.State}: {job.Error}\n{worker.Tail()}\n{postgres.Log}");
        Assert.True(job.Attempts >= 2, $"{job.Attempts} attempts");
        Assert.True(job.ResumedFromEpoch >= 2, $"resumed from {job.ResumedFromEpoch}");
        Assert.Null(job.Error);
        Assert.Equal(worker.WorkerName, job.Worker);
        await database.AssertResultsWrittenOnceAsync(jobId, Rows, Epochs);
        var retrying = (await database.EventsAsync(jobId)).Where(e => e.State == "queued").ToList();
        Assert.All(retrying, e => Assert.Contains("transient fault", e.Data["error"]!.GetValue<string>()));
    }

    // Connections the API process pooled before the restart fail once each when next used: a 503 asking for a retry,
    // never a 500.
    private static async Task<JobResponse> WaitTolerantlyAsync(HttpClient client, Guid jobId)
    {
        var deadline = DateTime.UtcNow + Training;
        while (true)
        {
            var response = await client.GetAsync($"/api/jobs/{jobId}");
            if (!response.IsSuccessStatusCode)
            {
                await response.ShouldBeProblem(System.Net.HttpStatusCode.ServiceUnavailable);
                Assert.NotNull(response.Headers.RetryAfter);
            }
            else
            {
                var job = (await response.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
                if (job.State is "succeeded" or "failed" or "cancelled") return job;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {jobId} did not end within {Training}.");
            await Task.Delay(200);
        }
    }
}
