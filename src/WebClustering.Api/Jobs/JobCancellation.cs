using Hangfire;
using WebClustering.Api.Progress;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// Cancelling a queued or running job, the one way: POST /api/jobs/{id}/cancel and deleting a tenant with
/// <c>cancelJobs=true</c> both come here.
/// </summary>
public sealed class JobCancellation(JobStore jobs, RunningJobs running, JobEvents events, IBackgroundJobClient backgroundJobs)
{
    /// <summary>The job as cancelled; null when it does not exist or has already ended.</summary>
    public async Task<JobRecord?> CancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var cancelled = await jobs.CancelAsync(id, cancellationToken);
        if (cancelled is null) return null;
        // Stop it here at once if it trains in this process; Hangfire's deletion reaches any other worker.
        running.Cancel(id);
        await events.StateAsync(cancelled);
        if (await jobs.GetBackgroundJobIdAsync(id, cancellationToken) is { } backgroundId) backgroundJobs.Delete(backgroundId);
        return cancelled;
    }
}
