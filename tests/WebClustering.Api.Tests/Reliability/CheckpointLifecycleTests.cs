using System.Net;
using Npgsql;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Reliability;

/// <summary>
/// Attempts and checkpoints as the in-process service keeps them: recorded, and gone once a job ends. How the stores
/// fence a stale attempt is tested in WebClustering.Storage.Tests (Jobs/JobAttemptTests).
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class CheckpointLifecycleTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task A_job_that_ran_once_says_who_ran_it_that_it_started_afresh_and_keeps_no_checkpoint()
    {
        var job = (await service.BlobsJobAsync()).Job;

        Assert.Equal(1, job.Attempts);
        Assert.Null(job.ResumedFromEpoch);
        Assert.Equal(WorkerIdentity.Name, job.Worker);
        Assert.Equal($"{Environment.MachineName}:{Environment.ProcessId}", job.Worker); // this process hosts the worker
        Assert.Equal(0L, await Count("job_checkpoints", job.Id));
    }

    [Fact]
    public async Task A_job_that_fails_for_its_configuration_fails_at_once_with_its_reason()
    {
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 20, clusters: 2, dims: 8), "item", "species");
        var id = await client.QueueJobAsync(new
        {
            datasetId = dataset.Id,
            training = new { epochs = 30, batchSize = 8, learningRate = 10.0, optimizer = "sgd", checkpointEvery = 1 },
            clustering = new { k = 2 },
        });

        var job = await client.WaitForJobAsync(id, TimeSpan.FromMinutes(2));

        Assert.Equal("failed", job.State);
        Assert.Contains("diverged", job.Error);
        Assert.Equal(1, job.Attempts); // never retried: another attempt would diverge the same way
        Assert.Equal(0L, await Count("job_checkpoints", id));
    }

    [Fact]
    public async Task A_cancelled_job_drops_its_checkpoint()
    {
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 100, clusters: 3, dims: 20), "item", "species");
        var id = await client.QueueJobAsync(new { datasetId = dataset.Id, training = new { epochs = 100_000, batchSize = 16, checkpointEvery = 1 }, clustering = new { k = 3 } });
        await JobProbe.EventuallyAsync(async () => await Count("job_checkpoints", id) == 1, TimeSpan.FromMinutes(1), "a checkpoint");

        await (await client.PostAsync($"/api/jobs/{id}/cancel", null)).ShouldHaveStatus(HttpStatusCode.OK);
        await client.WaitForJobAsync(id, TimeSpan.FromMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a checkpoint the stopping worker might still write would land by now

        Assert.Equal(0L, await Count("job_checkpoints", id));
        Assert.Equal("cancelled", (await client.JobAsync(id)).State);
    }

    [Fact]
    public async Task A_negative_checkpoint_interval_is_refused_naming_the_field()
    {
        var dataset = await client.CreateDatasetAsync("a,b\n1,2\n3,4\n");

        var problem = await (await client.PostJobAsync(new { datasetId = dataset.Id, training = new { checkpointEvery = -1 } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);

        Assert.Contains("checkpointEvery", problem["errors"]!["training.checkpointEvery"]![0]!.GetValue<string>());
    }

    private async Task<long> Count(string table, Guid jobId)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE job_id = @id", connection);
        command.Parameters.AddWithValue("id", jobId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
