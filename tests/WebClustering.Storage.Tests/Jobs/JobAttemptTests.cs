using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tests.Infrastructure;

namespace WebClustering.Storage.Tests.Jobs;

/// <summary>Attempts of a job as the stores fence them: only the latest attempt may write, and ending a job ends its checkpoint.</summary>
public sealed class JobAttemptTests(StorageDatabase database) : IClassFixture<StorageDatabase>
{
    private readonly JobStore jobs = new(database.DataSource);
    private readonly CheckpointStore checkpoints = new(database.DataSource);
    private readonly ResultStore results = new(database.DataSource);

    private Task<long> Count(string table, Guid jobId) =>
        database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE job_id = @id", ("id", jobId));

    [Fact]
    public async Task An_attempt_that_lost_its_job_to_a_later_one_can_write_nothing()
    {
        var dataset = await database.DatasetAsync("fenced", "0", "1");
        var id = (await database.QueuedJobAsync(dataset.Id)).Id;

        var first = await jobs.StartAsync(id, worker: "presumed dead");
        var second = await jobs.StartAsync(id, worker: "alive"); // the first worker's job came back to the queue
        Assert.Equal((1, 2), (first!.Attempts, second!.Attempts));
        Assert.True(await checkpoints.SaveAsync(id, 2, epoch: 3, [1, 2, 3]));
        Assert.Null(await jobs.StartAsync(id, maxAttempts: 2));  // no third attempt when two are allowed
        Assert.Null(await jobs.StartAsync(id, after: 1));        // the first worker's retry finds its job taken over

        Assert.False(await checkpoints.SaveAsync(id, 1, epoch: 5, [9]));
        Assert.Null(await jobs.RequeueAsync(id, attempt: 1));
        Assert.Null(await jobs.FailAsync(id, "stale", attempt: 1));
        Assert.False(await results.CompleteAsync(id, Seed.Results(), attempt: 1));
        Assert.Equal(3, (await checkpoints.GetAsync(id))!.Epoch);

        var failed = await jobs.FailAsync(id, "the real reason", attempt: 2);
        Assert.Equal(("failed", "the real reason", "alive"), (failed!.State, failed.Error, failed.Worker));
        Assert.Null(await checkpoints.GetAsync(id)); // ending a job ends its checkpoint
        Assert.Equal(0L, await Count("job_results", id) + await Count("job_embeddings", id));
    }

    [Fact]
    public async Task A_restarted_attempt_resumes_from_the_checkpoint_epoch()
    {
        var dataset = await database.DatasetAsync("resumed", "0", "1");
        var id = (await database.QueuedJobAsync(dataset.Id)).Id;

        var first = await jobs.StartAsync(id, worker: "one");
        Assert.True(await checkpoints.SaveAsync(id, first!.Attempts, epoch: 4, [7, 8]));
        var second = await jobs.StartAsync(id, worker: "two");

        Assert.Equal((2, 4, 4), (second!.Attempts, second.ResumedFromEpoch, second.Epoch));
        Assert.Null(first.ResumedFromEpoch);
        Assert.Equal([7, 8], (await checkpoints.GetAsync(id))!.State);
    }

    [Fact]
    public async Task Completing_a_running_job_stores_its_results_embeddings_and_model_in_one_step()
    {
        var dataset = await database.DatasetAsync("completed", "0", "1");
        var id = (await database.QueuedJobAsync(dataset.Id)).Id;
        var attempt = (await jobs.StartAsync(id, worker: "w"))!.Attempts;
        Assert.True(await checkpoints.SaveAsync(id, attempt, epoch: 1, [1]));

        Assert.True(await results.CompleteAsync(id, Seed.Results(), attempt: attempt));

        var job = (await jobs.GetAsync(id))!;
        Assert.Equal(("succeeded", 1.0, 0.5), (job.State, job.Progress, job.Loss));
        var summary = (await results.GetClusterSummaryAsync(id))!;
        Assert.Equal((1, 1, 2), (summary.K, summary.LatentDim, summary.ItemCount));
        Assert.Equal([0.5f], summary.Centroids);
        Assert.Equal([0.75, 0.5], summary.EpochLosses);
        Assert.Equal([1, 2, 3], await results.GetModelAsync(id));
        var embeddings = await new EmbeddingStore(database.DataSource).GetPageAsync(id, afterRow: null, offset: 0, limit: 10, cluster: null);
        Assert.Equal(["0", "1"], embeddings.Select(e => e.ItemId));
        Assert.Equal(new[] { new[] { 0f }, new[] { 1f } }, embeddings.Select(e => e.Latent));
        Assert.Equal(new float?[] { 0.25f, 0.5f }, embeddings.Select(e => e.ReconstructionError));
        Assert.Null(await checkpoints.GetAsync(id));
        Assert.Equal(1L, await Count("models", id));
        Assert.False(await results.CompleteAsync(id, Seed.Results())); // a finished job is not completed twice
    }
}
