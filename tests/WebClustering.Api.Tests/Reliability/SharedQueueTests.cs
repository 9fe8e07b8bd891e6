using WebClustering.Api.Tests.Infrastructure;
using static WebClustering.Api.Tests.Reliability.WorkerProcesses;

namespace WebClustering.Api.Tests.Reliability;

/// <summary>Two worker processes on one database share its queue.</summary>
[Collection(ProcessCollection.Name)]
public sealed class SharedQueueTests
{
    private const int Epochs = 8;

    [Fact]
    public async Task Two_workers_run_queued_jobs_in_parallel_and_never_the_same_job_twice()
    {
        await using var database = await TestDatabase.CreateAsync();
        var starting = new[]
        {
            ServiceProcess.StartAsync("api", database.ConnectionString, "Api"),
            ServiceProcess.StartAsync("worker 1", database.ConnectionString, "Worker", Settings()),
            ServiceProcess.StartAsync("worker 2", database.ConnectionString, "Worker", Settings()),
        };
        var processes = await Task.WhenAll(starting);
        await using var api = processes[0];
        await using var first = processes[1];
        await using var second = processes[2];
        var dataset = await api.Client.CreateDatasetAsync(Dataset, "item", "species");

        var ids = new List<Guid>();
        for (int i = 0; i < 3; i++) ids.Add(await api.Client.QueueJobAsync(Job(dataset.Id, Epochs)));
        var jobs = new List<WebClustering.Api.Jobs.JobResponse>();
        foreach (var id in ids) jobs.Add(await api.Client.WaitForJobAsync(id, Training));

        Assert.All(jobs, job => Assert.True(job.State == "succeeded", $"{job.Id} {job.State}: {job.Error}"));
        // Each job ran exactly once: one attempt, one running event, by one of the two workers.
        Assert.All(jobs, job => Assert.Equal(1, job.Attempts));
        foreach (var id in ids)
        {
            var events = await database.EventsAsync(id);
            Assert.Single(events, e => e.State == "running");
            Assert.Equal(Enumerable.Range(1, Epochs), events.Where(e => e.Kind == "epoch").Select(e => e.Epoch!.Value));
            await database.AssertResultsWrittenOnceAsync(id, Rows, Epochs);
        }
        var workers = new[] { first.WorkerName, second.WorkerName };
        Assert.All(jobs, job => Assert.Contains(job.Worker, workers));
        Assert.Equal(workers.Order(), jobs.Select(job => job.Worker!).Distinct().Order());
        // In parallel: some job of one worker was running while a job of the other was.
        Assert.Contains(jobs, a => jobs.Any(b => b.Worker != a.Worker && a.StartedAt < b.FinishedAt && b.StartedAt < a.FinishedAt));
    }
}
