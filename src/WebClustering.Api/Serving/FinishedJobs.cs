using System.Collections.Concurrent;
using WebClustering.Api.Jobs;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Serving;

/// <summary>
/// Finds succeeded jobs for the read endpoints. A succeeded job's results never change, so its record is kept in
/// memory for a short while: hot reads (similar items, batch lookups) then skip a database round trip, and a job
/// deleted through another process stops being served within <see cref="Lifetime"/>. Keyed by job id alone: requests
/// reach it only past <see cref="Tenants.TenantGate"/>, so only the job's own tenant is ever answered from it.
/// </summary>
public sealed class FinishedJobs(JobStore jobs, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, (JobRecord Job, DateTimeOffset Expires)> cache = new();

    /// <summary>The succeeded job, or the problem to answer with (404 unknown, 409 not succeeded).</summary>
    public async Task<(JobRecord? Job, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem)> FindAsync(
        Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(id, out var entry) && entry.Expires > now) return (entry.Job, null);

        var job = await jobs.GetAsync(id, cancellationToken);
        if (job is null)
        {
            cache.TryRemove(id, out _);
            return (null, JobProblems.NotFound(id));
        }
        if (job.State != JobStates.Succeeded) return (null, JobProblems.NoResults(job));
        cache[id] = (job, now + Lifetime);
        return (job, null);
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
