using WebClustering.Core.Training;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// Collects progress from the training thread (cheaply, every batch) and writes the latest of it to the job at
/// most once per interval from a loop of its own, so training never waits on the database.
/// </summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    private readonly JobStore jobs;
    private readonly Guid jobId;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Lock gate = new();
    private (double Fraction, int Epoch, double? Loss)? latest;

    public ProgressReporter(JobStore jobs, Guid jobId, TimeSpan interval)
    {
        this.jobs = jobs;
        this.jobId = jobId;
        loop = Task.Run(() => WriteLoop(interval));
    }

    /// <summary>Called from the training thread after every batch.</summary>
    public void Report(double fraction, TrainingProgress progress)
    {
        Operations.ServiceMetrics.TrainingSamples.Inc(progress.BatchRows);
        lock (gate) latest = (fraction, progress.Epoch, progress.EpochLoss ?? progress.BatchLoss);
    }

    private async Task WriteLoop(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token)) await Flush();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task Flush()
    {
        (double Fraction, int Epoch, double? Loss)? snapshot;
        lock (gate)
        {
            snapshot = latest;
            latest = null;
        }
        if (snapshot is { } p) await jobs.ReportProgressAsync(jobId, p.Fraction, p.Epoch, p.Loss, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        await Flush();
        stop.Dispose();
    }
}
