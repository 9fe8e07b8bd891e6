using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Progress;
using WebClustering.Core.Training;
using WebClustering.Storage;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// The Hangfire job: runs attempts of one job, training or encoding (see <see cref="JobAttempt"/>), until it ends.
/// Hangfire only carries the id; the job's state lives in the jobs table, so a redelivered job that already finished
/// does nothing. A transient fault (the database restarting, a lost connection) ends the attempt and another follows
/// after a back-off, resuming from the job's checkpoint; any other failure fails the job with its reason at once. Attempts are bounded by
/// <see cref="JobRunSettings.MaxAttempts"/>, counting those of workers that died and those a fault ended (a
/// graceful shutdown gives its attempt back), and fenced: each writes only while it holds the job's latest fence.
/// </summary>
public sealed class TrainingJob(JobStore jobs, JobEvents events, RunningJobs running, JobAttempt attempts, NpgsqlDataSource dataSource,
    IOptions<JobRunSettings> options, ILogger<TrainingJob> logger)
{
    public const string Queue = "training";

    // Retries are this job's own (transient faults only, see above); Hangfire's would rerun bad configurations too.
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Run job {0} (training or encoding)")]
    public async Task RunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId });
        var cancellation = running.Register(jobId, cancellationToken);
        try
        {
            for (int tries = 1; ; tries++)
            {
                try
                {
                    await attempts.RunAsync(jobId, cancellationToken, cancellation.Token);
                    return;
                }
                catch (Exception exception) when (TransientFaults.IsTransient(exception) && !cancellation.IsCancellationRequested)
                {
                    await RetryLaterAsync(jobId, tries, exception, cancellation.Token);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && cancellation.IsCancellationRequested)
        {
            // Cancelled through the API (while waiting to retry): the job is already marked cancelled.
        }
        finally
        {
            running.Unregister(jobId, cancellation);
            cancellation.Dispose();
        }
    }

    // No give-up here: attempts are counted when they start, in the job's row, and the attempt after the last one
    // allowed fails the job (JobAttempt). While the database cannot be reached at all, no attempt starts and the
    // worker keeps trying, at most a minute apart, until it can (or Hangfire hands the job elsewhere).
    private async Task RetryLaterAsync(Guid jobId, int tries, Exception fault, CancellationToken cancellationToken)
    {
        var delay = Backoff(tries);
        logger.LogWarning(fault, "Job {JobId} hit a transient fault in try {Tries}; trying again in {Delay}", jobId, tries, delay);
        // Broken pooled connections would fail the next attempt too; the database may have restarted.
        dataSource.Clear();
        if (attempts.Started is { } attempt)
        {
            var reason = $"Retrying after a transient fault: {JobAttempt.Describe(fault)}";
            await events.StateAsync(await TryAsync(() => jobs.RetryLaterAsync(jobId, fence: attempt, reason)));
        }
        await Task.Delay(delay, cancellationToken);
    }

    private TimeSpan Backoff(int tries)
    {
        var first = options.Value.RetryDelay;
        return TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, first.Ticks << Math.Min(tries - 1, 16)));
    }

    // While the database is away, reading or recording a state may fail too; the job's next attempt catches up.
    private async Task<T?> TryAsync<T>(Func<Task<T?>> action) where T : class
    {
        try
        {
            return await action();
        }
        catch (Exception exception) when (TransientFaults.IsTransient(exception))
        {
            return null;
        }
    }
}
