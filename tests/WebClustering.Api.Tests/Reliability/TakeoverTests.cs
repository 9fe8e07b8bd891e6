using WebClustering.Api.Tests.Infrastructure;
using static WebClustering.Api.Tests.Infrastructure.JobProbe;
using static WebClustering.Api.Tests.Reliability.WorkerProcesses;

namespace WebClustering.Api.Tests.Reliability;

/// <summary>
/// A worker that stops sending heartbeats loses its job to another without waiting for Hangfire's invisibility
/// timeout, and can write nothing once it comes back; rolling restarts use up none of a job's attempts.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class TakeoverTests
{
    private const int Epochs = 40;

    [Fact]
    public async Task A_frozen_worker_loses_its_job_once_its_heartbeat_stops_and_writes_nothing_after_it_wakes()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Dead after 5 s without a heartbeat: a frozen process keeps its pid, so only the heartbeat can tell.
        var settings = Settings(checkpointEvery: 3, deadAfter: TimeSpan.FromSeconds(5));
        var apiStarting = ServiceProcess.StartAsync("api", database.ConnectionString, "Api");
        var firstStarting = ServiceProcess.StartAsync("worker 1", database.ConnectionString, "Worker", settings);
        await using var api = await apiStarting;
        await using var first = await firstStarting;
        var dataset = await api.Client.CreateDatasetAsync(Dataset, "item", "species");
        var jobId = await api.Client.QueueJobAsync(Job(dataset.Id, Epochs));
        await EventuallyAsync(async () => await database.CheckpointAndLastEpochAsync(jobId) is var (saved, last) && saved >= 3 && last > saved,
            Training, "a checkpoint and an epoch beyond it", first);
        await using var second = await ServiceProcess.StartAsync("worker 2", database.ConnectionString, "Worker", settings);

        first.Freeze();
        var job = await api.Client.WaitForJobAsync(jobId, Training);
        first.Thaw();

        Assert.True(Training < Invisibility); // so success proves the takeover did not wait for the timeout
        Assert.True(job.State == "succeeded", $"{job.State}: {job.Error}\n{second.Tail()}");
        Assert.Equal((second.WorkerName, 2, 2), (job.Worker, job.Attempts, job.Runs));
        Assert.Contains("no heartbeat for", second.Output);
        // Awake again, the first worker's next write is refused (or Hangfire aborts it first) and it stops.
        await EventuallyAsync(() => Task.FromResult(first.Output.Contains("no longer") || first.Output.Contains("interrupted")),
            TimeSpan.FromSeconds(60), "the first worker standing down", first);
        var events = await database.EventsAsync(jobId);
        var (_, after) = KillAndShutdownTests.SplitAtSecondAttempt(events);
        var epochs = after.Where(e => e.Kind == "epoch").Select(e => e.Epoch!.Value).ToList();
        Assert.Equal(Enumerable.Range(job.ResumedFromEpoch!.Value + 1, Epochs - job.ResumedFromEpoch.Value), epochs);
        Assert.Equal("succeeded", after[^1].State);
        await database.AssertResultsWrittenOnceAsync(jobId, Rows, Epochs);
        Assert.Equal("succeeded", (await api.Client.JobAsync(jobId)).State);
    }

    [Fact]
    public async Task Rolling_restarts_during_one_job_leave_it_succeeded_with_its_one_attempt()
    {
        await using var database = await TestDatabase.CreateAsync();
        // One attempt allowed: before restarts gave their attempt back, the second start would have failed the job.
        var settings = Settings(checkpointEvery: 0, maxAttempts: 1);
        var apiStarting = ServiceProcess.StartAsync("api", database.ConnectionString, "Api");
        var workerStarting = ServiceProcess.StartAsync("worker 1", database.ConnectionString, "Worker", settings);
        await using var api = await apiStarting;
        var worker = await workerStarting;
        var dataset = await api.Client.CreateDatasetAsync(Dataset, "item", "species");
        var jobId = await api.Client.QueueJobAsync(Job(dataset.Id, Epochs * 4));
        try
        {
            for (int restart = 1; restart <= 3; restart++)
            {
                int run = restart;
                await EventuallyAsync(async () => await api.Client.JobAsync(jobId) is { State: "running" } job && job.Runs == run
                    && job.Epoch >= (job.ResumedFromEpoch ?? 0) + 2, Training, $"two epochs of run {run}", worker);
                // The next worker is up before the old one stops, as a rolling deployment does it.
                var next = await ServiceProcess.StartAsync($"worker {restart + 1}", database.ConnectionString, "Worker", settings);
                worker.Terminate();
                Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"worker {restart} exits after SIGTERM\n{worker.Tail()}");
                await worker.DisposeAsync();
                worker = next;
            }
            var done = await api.Client.WaitForJobAsync(jobId, Training);

            Assert.True(done.State == "succeeded", $"{done.State}: {done.Error}\n{worker.Tail()}");
            Assert.Equal((1, 4, worker.WorkerName), (done.Attempts, done.Runs, done.Worker));
            await database.AssertResultsWrittenOnceAsync(jobId, Rows, Epochs * 4);
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }
}
