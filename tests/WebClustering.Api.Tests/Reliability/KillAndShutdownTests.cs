using WebClustering.Api.Tests.Infrastructure;
using static WebClustering.Api.Tests.Infrastructure.JobProbe;
using static WebClustering.Api.Tests.Reliability.WorkerProcesses;

namespace WebClustering.Api.Tests.Reliability;

/// <summary>A worker process killed with SIGKILL, or stopped with SIGTERM, mid-training; another worker finishes the job.</summary>
[Collection(ProcessCollection.Name)]
public sealed class KillAndShutdownTests
{
    // Enough epochs that a fast machine is still training when the test acts (at 0.2 s an epoch, 8 s).
    private const int Epochs = 40;

    [Fact]
    public async Task A_worker_killed_mid_training_loses_its_job_to_another_that_resumes_from_the_checkpoint_without_waiting_for_the_invisibility_timeout()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Hangfire's invisibility timeout stays at five minutes: the takeover comes from the dead worker's process
        // being gone (JobWatchdog), and the wait below gives up well before five minutes.
        // Checkpoints every 5 epochs: training is past the last one 4/5 of the time, a window the polling below
        // cannot miss (every 2 left windows of one epoch, which a fast machine's 0.2 s epochs could slip through).
        var settings = Settings(checkpointEvery: 5);
        var apiStarting = ServiceProcess.StartAsync("api", database.ConnectionString, "Api");
        var firstStarting = ServiceProcess.StartAsync("worker 1", database.ConnectionString, "Worker", settings);
        await using var api = await apiStarting;
        await using var first = await firstStarting;
        var dataset = await api.Client.CreateDatasetAsync(Dataset, "item", "species");
        var jobId = await api.Client.QueueJobAsync(Job(dataset.Id, Epochs));

        // Past a checkpoint and on beyond it, so that the kill throws work away.
        await EventuallyAsync(async () => await database.CheckpointAndLastEpochAsync(jobId) is var (saved, last)
            && saved >= 5 && last > saved,
            Training, "a checkpoint and an epoch beyond it", first);
        first.Kill();
        Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the killed worker is gone");
        var checkpoint = (await database.CheckpointEpochAsync(jobId))!.Value;
        Assert.Equal("running", (await api.Client.JobAsync(jobId)).State); // nobody told the job: its worker just vanished

        await using var second = await ServiceProcess.StartAsync("worker 2", database.ConnectionString, "Worker", settings);
        Assert.True(Training < Invisibility); // so success proves the takeover did not wait for the timeout
        var job = await api.Client.WaitForJobAsync(jobId, Training);

        Assert.True(job.State == "succeeded", $"{job.State}: {job.Error}\n{second.Tail()}");
        Assert.Equal((2, 2), (job.Attempts, job.Runs)); // a crash uses up an attempt
        Assert.Equal(second.WorkerName, job.Worker);
        Assert.Equal(checkpoint, job.ResumedFromEpoch);
        Assert.Contains("its process is gone", second.Output);
        var events = await database.EventsAsync(jobId);
        var (before, after) = SplitAtSecondAttempt(events);
        int doneBeforeKill = before.Max(e => e.Epoch ?? 0), rerun = before.Count(e => e.Epoch > checkpoint);
        Assert.True(rerun < doneBeforeKill, $"{rerun} epochs run again of the {doneBeforeKill} done before the kill");
        // The second attempt trained only the epochs after the checkpoint, each once.
        Assert.Equal(Enumerable.Range(checkpoint + 1, Epochs - checkpoint), after.Where(e => e.Kind == "epoch").Select(e => e.Epoch!.Value));
        await database.AssertResultsWrittenOnceAsync(jobId, Rows, Epochs);
    }

    [Fact]
    public async Task A_worker_stopped_with_sigterm_saves_a_checkpoint_and_hands_the_job_back_before_it_exits()
    {
        await using var database = await TestDatabase.CreateAsync();
        // No periodic checkpoints: the only one there can be is the one saved on the way out.
        var settings = Settings(checkpointEvery: 0);
        var apiStarting = ServiceProcess.StartAsync("api", database.ConnectionString, "Api");
        var firstStarting = ServiceProcess.StartAsync("worker 1", database.ConnectionString, "Worker", settings);
        await using var api = await apiStarting;
        await using var first = await firstStarting;
        var dataset = await api.Client.CreateDatasetAsync(Dataset, "item", "species");
        var jobId = await api.Client.QueueJobAsync(Job(dataset.Id, Epochs));
        await EventuallyAsync(async () => (await api.Client.JobAsync(jobId)).Epoch >= 4, Training, "epoch 4", first);
        int training = (await api.Client.JobAsync(jobId)).Epoch; // the epoch in progress

        first.Terminate();

        Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the worker exits after SIGTERM\n{first.Tail()}");
        Assert.Equal(0, first.ExitCode);
        var handedBack = await api.Client.JobAsync(jobId);
        Assert.Equal("queued", handedBack.State);
        var checkpoint = await database.CheckpointEpochAsync(jobId);
        // Saved at the batch reached: every epoch completed before the signal counts.
        Assert.True(checkpoint >= training - 1, $"checkpoint at epoch {checkpoint}, while epoch {training} was training\n{first.Tail()}");
        Assert.Contains("handing it back to the queue", first.Output);

        // A worker started later takes the job at once (it was handed back, not left to time out) and resumes it.
        await using var second = await ServiceProcess.StartAsync("worker 2", database.ConnectionString, "Worker", settings);
        var job = await api.Client.WaitForJobAsync(jobId, Training);

        Assert.True(job.State == "succeeded", $"{job.State}: {job.Error}\n{second.Tail()}");
        Assert.Equal((1, 2), (job.Attempts, job.Runs)); // the shutdown gave its attempt back
        Assert.Equal(checkpoint, job.ResumedFromEpoch);
        Assert.Equal(second.WorkerName, job.Worker);
        var events = await database.EventsAsync(jobId);
        var states = events.Where(e => e.Kind == "state").Select(e => (e.State, e.Attempt, e.Run)).ToList();
        Assert.Equal([("running", 1, 1), ("queued", null, 1), ("running", 1, 2), ("succeeded", 1, 2)], states);
        var (_, after) = SplitAtSecondAttempt(events);
        Assert.Equal(checkpoint!.Value + 1, after.First(e => e.Kind == "epoch").Epoch);
        Assert.Equal(checkpoint, after[0].Data["resumedFromEpoch"]!.GetValue<int>());
        await database.AssertResultsWrittenOnceAsync(jobId, Rows, Epochs);
    }

    /// <summary>The job's events before the second attempt started, and from its start on.</summary>
    internal static (IReadOnlyList<StoredEvent> Before, IReadOnlyList<StoredEvent> After) SplitAtSecondAttempt(IReadOnlyList<StoredEvent> events)
    {
        int start = events.ToList().FindIndex(e => e.State == "running" && e.Run == 2);
        Assert.True(start > 0, "the second attempt has its running event");
        return ([.. events.Take(start)], [.. events.Skip(start)]);
    }
}
