using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tests.Infrastructure;

namespace WebClustering.Storage.Tests.Jobs;

/// <summary>Attempts of a job as the stores fence them: only the latest attempt may write, and ending a job ends its checkpoint.</summary>
public sealed class JobAttemptTests(StorageDatabase database) : IClassFixture<StorageDatabase>
{
    private readonly JobStore jobs = new(database.DataSource);
    private readonly CheckpointStore checkpoints = new(database.DataSource);
    private readonly ResultStore results = new(database.DataSource);
    private readonly JobEventStore events = new(database.DataSource);
    private readonly EpochHistoryStore history = new(database.DataSource);

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
        Assert.Equal((1, 2), (first.Fence, second.Fence));
        Assert.True(await checkpoints.SaveAsync(id, 2, epoch: 3, [1, 2, 3]));
        Assert.Null(await jobs.StartAsync(id, maxAttempts: 2));  // no third attempt when two are allowed
        Assert.Null(await jobs.StartAsync(id, after: 1));        // the first worker's retry finds its job taken over

        Assert.False(await checkpoints.SaveAsync(id, 1, epoch: 5, [9]));
        Assert.Null(await jobs.RequeueAsync(id, fence: 1));
        Assert.Null(await jobs.FailAsync(id, "stale", fence: 1));
        Assert.False(await jobs.ReportProgressAsync(id, fence: 1, 0.9, epoch: 9, loss: 0.1));
        Assert.Null(await events.AppendAsync(id, "epoch", "{}", fence: 1));
        Assert.False(await history.WriteAsync(id, fence: 1, [new StoredEpoch(1, 0.5, null, 0.001)]));
        Assert.False(await results.CompleteAsync(id, Seed.Results(), fence: 1));
        Assert.Equal(3, (await checkpoints.GetAsync(id))!.Epoch);

        Assert.Equal(0, (await jobs.GetAsync(id))!.Epoch);               // the stale progress left no trace
        Assert.Equal(0L, await Count("job_events", id) + await Count("job_epochs", id));
        Assert.True(await jobs.ReportProgressAsync(id, fence: 2, 0.5, epoch: 4, loss: 0.2)); // the holder's own writes go through
        Assert.NotNull(await events.AppendAsync(id, "epoch", "{}", fence: 2));

        var failed = await jobs.FailAsync(id, "the real reason", fence: 2);
        Assert.Equal(("failed", "the real reason", "alive"), (failed!.State, failed.Error, failed.Worker));
        Assert.Null(await checkpoints.GetAsync(id)); // ending a job ends its checkpoint
        Assert.Equal(0L, await Count("job_results", id) + await Count("job_embeddings", id));
    }

    [Fact]
    public async Task A_graceful_hand_back_gives_its_attempt_back_while_its_fence_stays_used()
    {
        var dataset = await database.DatasetAsync("restarted", "0", "1");
        var id = (await database.QueuedJobAsync(dataset.Id)).Id;

        // Five rolling restarts with one attempt allowed: each start is a new fence, none uses up the attempt.
        for (int run = 1; run <= 5; run++)
        {
            var started = await jobs.StartAsync(id, worker: $"worker {run}", maxAttempts: 1);
            Assert.Equal((1, run), (started!.Attempts, started.Fence));
            var handedBack = await jobs.RequeueAsync(id, fence: run);
            Assert.Equal(("queued", 0, run), (handedBack!.State, handedBack.Attempts, handedBack.Fence));
        }
        var last = await jobs.StartAsync(id, worker: "last", maxAttempts: 1);
        Assert.Equal((1, 6), (last!.Attempts, last.Fence));
        Assert.True(await results.CompleteAsync(id, Seed.Results(), fence: 6));

        // A crash keeps its attempt: the next start (a takeover) counts a second one, which one allowed refuses.
        var crashed = (await database.QueuedJobAsync(dataset.Id)).Id;
        Assert.NotNull(await jobs.StartAsync(crashed, worker: "killed", maxAttempts: 1));
        Assert.Null(await jobs.StartAsync(crashed, worker: "taker", maxAttempts: 1));
        Assert.Equal((1, 1), ((await jobs.GetAsync(crashed))!.Attempts, (await jobs.GetAsync(crashed))!.Fence));
    }

    [Fact]
    public async Task A_job_never_handed_to_hangfire_is_deleted_and_no_other()
    {
        var dataset = await database.DatasetAsync("unqueued", "0", "1");
        var lost = (await database.QueuedJobAsync(dataset.Id)).Id;          // its POST failed before Hangfire had it
        var handed = (await database.QueuedJobAsync(dataset.Id)).Id;
        await jobs.SetBackgroundJobIdAsync(handed, "42");
        var started = (await database.QueuedJobAsync(dataset.Id)).Id;
        await jobs.StartAsync(started, worker: "w");

        Assert.Equal(0, await jobs.DeleteNeverQueuedAsync(null, TimeSpan.FromMinutes(1))); // too young: its POST may still be under way
        Assert.Equal(1, await jobs.DeleteNeverQueuedAsync(lost, TimeSpan.Zero));
        Assert.Equal(0, await jobs.DeleteNeverQueuedAsync(null, TimeSpan.Zero));

        Assert.Null(await jobs.GetAsync(lost));
        Assert.NotNull(await jobs.GetAsync(handed));
        Assert.NotNull(await jobs.GetAsync(started));
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

        Assert.True(await results.CompleteAsync(id, Seed.Results(), fence: attempt));

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
