using System.Collections.Concurrent;
using WebClustering.Api.Jobs;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Serving;

/// <summary>
/// Finds succeeded jobs for the read endpoints. A succeeded job's results never change, so its record is kept in
/// memory and re-read from the database every <see cref="Lifetime"/>: hot reads (similar items, batch lookups) then
/// skip a database round trip, and a job deleted through another process stops being served within about that long.
/// Keyed by job id alone: requests reach it only past <see cref="Tenants.TenantGate"/>, so only the job's own tenant
/// is ever answered from it.
/// </summary>
/// <remarks>
/// One read at a time per job: an expired record goes on being served while one background read renews it, and
/// requests for a job not yet in memory share one read. At a thousand requests a second, every request re-reading
/// the job at the moment it expired opened dozens of connections at once and held them all for up to 180 ms (the
/// tail of the HNSW latency benchmark).
/// </remarks>
public sealed class FinishedJobs(JobStore jobs, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, (JobRecord Job, DateTimeOffset Expires)> cache = new();
    private readonly ConcurrentDictionary<Guid, Lazy<Task<JobRecord?>>> reads = new();

    /// <summary>The succeeded job, or the problem to answer with (404 unknown, 409 not succeeded).</summary>
    public async Task<(JobRecord? Job, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem)> FindAsync(
        Guid id, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(id, out var entry))
        {
            if (entry.Expires <= clock.GetUtcNow()) _ = RenewAsync(id);
            return (entry.Job, null);
        }
        var job = await ReadOnceAsync(id).WaitAsync(cancellationToken);
        if (job is null) return (null, JobProblems.NotFound(id));
        if (job.State != JobStates.Succeeded) return (null, JobProblems.NoResults(job));
        return (job, null);
    }

    // A failed renewal leaves the expired record in place: the next request tries again.
    private async Task RenewAsync(Guid id)
    {
        try
        {
            await ReadOnceAsync(id);
        }
        catch (Exception)
        {
        }
    }

    /// <summary>Reads the job once for every caller waiting on it, and keeps it (succeeded) or drops it (anything else).</summary>
    private async Task<JobRecord?> ReadOnceAsync(Guid id)
    {
        var read = reads.GetOrAdd(id, key => new Lazy<Task<JobRecord?>>(() => ReadAsync(key)));
        try
        {
            return await read.Value;
        }
        finally
        {
            reads.TryRemove(KeyValuePair.Create(id, read));
        }
    }

    private async Task<JobRecord?> ReadAsync(Guid id)
    {
        // Shared by every waiting request: no one request's cancellation may end it.
        var job = await jobs.GetAsync(id, CancellationToken.None);
        if (job is { State: JobStates.Succeeded }) cache[id] = (job, clock.GetUtcNow() + Lifetime);
        else cache.TryRemove(id, out _);
        return job;
    }

    /// <summary>Stops serving a deleted job from memory in this process (others stop within <see cref="Lifetime"/>).</summary>
    public void Forget(Guid id) => cache.TryRemove(id, out _);

    /// <summary>A validator that changes only if the job's results could: its id and when it finished.</summary>
    public static string ETagOf(JobRecord job, string variant) =>
        $"\"{job.Id:N}-{job.FinishedAt!.Value.ToUnixTimeMilliseconds():x}-{(uint)StableHash(variant):x8}\"";

    /// <summary>FNV-1a: string.GetHashCode is randomised per process, and ETags must agree between processes.</summary>
    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
