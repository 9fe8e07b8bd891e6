using System.Globalization;
using WebClustering.Api.Progress;
using WebClustering.Core.Training;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// Collects progress from the training thread (cheaply, every batch) and writes the latest of it to the job at
/// most once per interval from a loop of its own, so training never waits on the database. Every finished epoch
/// also becomes a stored event (for the SSE stream), queued here and written in order by the same loop. A write
/// that fails (the database restarting) is logged and tried again on the next tick; training goes on regardless.
/// Every write is fenced: once another attempt holds the job, nothing more is written and <see cref="Superseded"/>
/// trips, which stops this attempt's training.
/// </summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    private readonly JobStore jobs;
    private readonly JobEventStore? events;
    private readonly Guid jobId;
    private readonly int fence;
    private readonly CancellationTokenSource superseded = new();
    private readonly DateTimeOffset startedAt;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Lock gate = new();
    private (double Fraction, int Epoch, double? Loss)? latest;
    private readonly List<EpochEvent> pending = [];
    private readonly ILogger? logger;
    private bool failing;

    /// <param name="events">Where epoch events go; null writes none.</param>
    /// <param name="startedAt">When the job started, for elapsed time and the estimate of time left.</param>
    /// <param name="logger">Where failed writes are reported, and a progress line goes with each write (the latest
    /// epoch); created inside the job's logging scope, the write loop's lines carry the job id.</param>
    /// <param name="fence">The fence of the attempt reporting: its writes count only while it holds the job.</param>
    public ProgressReporter(JobStore jobs, Guid jobId, int fence, TimeSpan interval, JobEventStore? events = null, DateTimeOffset? startedAt = null,
        ILogger? logger = null)
    {
        this.jobs = jobs;
        this.logger = logger;
        this.events = events;
        this.jobId = jobId;
        this.fence = fence;
        this.startedAt = startedAt ?? DateTimeOffset.UtcNow;
        loop = Task.Run(() => WriteLoop(interval));
    }

    /// <summary>Trips when a write was refused because another attempt holds the job (or it ended).</summary>
    public CancellationToken Superseded => superseded.Token;

    /// <summary>Called from the training thread after every batch.</summary>
    public void Report(double fraction, TrainingProgress progress)
    {
        Operations.ServiceMetrics.TrainingSamples.Inc(progress.BatchRows);
        lock (gate)
        {
            latest = (fraction, progress.Epoch, progress.EpochLoss ?? progress.BatchLoss);
            if (events is not null && progress.EpochLoss is { } loss)
            {
                var now = DateTimeOffset.UtcNow;
                pending.Add(new EpochEvent(progress.Epoch, progress.Epochs, loss, fraction,
                    TimeLeft.Elapsed(startedAt, now) ?? 0, TimeLeft.Estimate(startedAt, fraction, now)));
            }
        }
    }

    private async Task WriteLoop(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (!superseded.IsCancellationRequested && await timer.WaitForNextTickAsync(stop.Token)) await TryFlush();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TryFlush()
    {
        try
        {
            await Flush();
            if (failing) logger?.LogInformation("Progress of job {JobId} is written again", jobId);
            failing = false;
        }
        catch (Exception exception)
        {
            // Once per outage, not once per tick.
            if (!failing) logger?.LogWarning(exception, "Could not write the progress of job {JobId}; training goes on", jobId);
            failing = true;
        }
    }

    private async Task Flush()
    {
        (double Fraction, int Epoch, double? Loss)? snapshot;
        EpochEvent[] epochs;
        lock (gate)
        {
            snapshot = latest;
            latest = null;
            epochs = [.. pending];
            pending.Clear();
        }
        if (superseded.IsCancellationRequested) return;
        for (int i = 0; i < epochs.Length; i++)
        {
            try
            {
                if (await events!.AppendAsync(jobId, ProgressEventKinds.Epoch, ProgressEventKinds.ToJson(epochs[i]), CancellationToken.None, fence) is null)
                {
                    await SupersededAsync();
                    return;
                }
            }
            catch
            {
                // Keep the events not written, in order, ahead of any reported since.
                lock (gate) pending.InsertRange(0, epochs[i..]);
                throw;
            }
        }
        if (epochs.Length > 0) LogProgress(epochs[^1]);
        if (snapshot is { } p && !await jobs.ReportProgressAsync(jobId, fence, p.Fraction, p.Epoch, p.Loss, CancellationToken.None))
            await SupersededAsync();
    }

    private async Task SupersededAsync()
    {
        logger?.LogWarning("Job {JobId} no longer runs under this attempt (fence {Fence}); its progress is not written", jobId, fence);
        await superseded.CancelAsync();
    }

    /// <summary>One line per write at most (every ProgressInterval), for the newest epoch: enough to follow a job in the logs.</summary>
    private void LogProgress(EpochEvent last) =>
        // The loss as text: a diverging job's is NaN or infinity, which a JSON log line cannot hold as a number.
        logger?.LogInformation("Epoch {Epoch}/{Epochs}: loss {Loss}, {Percent}% done, {RemainingSeconds} s left",
            last.Epoch, last.Epochs, last.Loss.ToString("G6", CultureInfo.InvariantCulture), Math.Round(last.Progress * 100),
            last.RemainingSeconds is { } left && double.IsFinite(left) ? Math.Round(left) : null);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        await TryFlush();
        stop.Dispose();
        superseded.Dispose();
    }
}
