using System.Collections.Concurrent;

namespace WebClustering.Api.Jobs;

/// <summary>
/// The jobs training in this process, each with a token that a cancel request trips at once: training checks it
/// before every batch. Jobs running in another process hear of a cancel through Hangfire's deletion instead.
/// </summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();

    public CancellationTokenSource Register(Guid jobId, CancellationToken hangfireToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(hangfireToken);
        running[jobId] = source;
        return source;
    }

    public void Unregister(Guid jobId, CancellationTokenSource source) =>
        running.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(jobId, source));

    public bool Cancel(Guid jobId)
    {
        if (!running.TryGetValue(jobId, out var source)) return false;
        source.Cancel();
        return true;
    }
}
