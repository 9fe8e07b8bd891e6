using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Progress;

/// <summary>Writes a job's state changes as events, beside the epoch events that <c>ProgressReporter</c> writes.</summary>
public sealed class JobEvents(JobEventStore store, ILogger<JobEvents> logger)
{
    public JobEventStore Store => store;

    /// <summary>Records the job's current state; nothing when the job is gone (null).</summary>
    public async Task StateAsync(JobRecord? job)
    {
        if (job is null) return;
        try
        {
            await store.AppendAsync(job.Id, ProgressEventKinds.State, ProgressEventKinds.ToJson(ToStateEvent(job, DateTimeOffset.UtcNow)));
        }
        catch (Exception exception)
        {
            // The job's row is the truth; a missing event only costs a stream client a step (the stream still ends
            // with the state it reads from the row).
            logger.LogWarning(exception, "Could not record the {State} event of job {JobId}", job.State, job.Id);
        }
    }

    public static StateEvent ToStateEvent(JobRecord job, DateTimeOffset now) => new(
        job.State, job.Progress, TimeLeft.Elapsed(job.StartedAt, job.FinishedAt ?? now), job.Error,
        job.Attempts > 0 ? job.Attempts : null,
        job.State == JobStates.Running ? job.ResumedFromEpoch : null,
        job.State == JobStates.Running ? job.Worker : null,
        job.Fence > 0 ? job.Fence : null);
}
