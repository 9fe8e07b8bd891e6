using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Quotas;

/// <summary>The quotas, by the names that ProblemDetails, the admin API and the README use.</summary>
public static class QuotaNames
{
    public const string ConcurrentJobs = "concurrentJobs";
    public const string StoredBytes = "storedBytes";
    public const string StoredRows = "storedRows";
    public const string UploadBytes = "uploadBytes";
}

/// <summary>The limits that apply to a tenant: its overrides where set, the service's defaults elsewhere; 0 is unlimited.</summary>
public sealed record EffectiveQuotas(int ConcurrentJobs, long StoredBytes, long StoredRows, long UploadBytes);

/// <summary>A tenant's limits and what it uses: what the quota checks and the admin API read.</summary>
public sealed class TenantQuotas(QuotaStore store, IOptions<QuotaSettings> settings)
{
    public async Task<EffectiveQuotas> LimitsAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var own = await store.GetOverridesAsync(tenantId, cancellationToken);
        var defaults = settings.Value.Quotas;
        return new EffectiveQuotas(own.ConcurrentJobs ?? defaults.ConcurrentJobs, own.StoredBytes ?? defaults.StoredBytes,
            own.StoredRows ?? defaults.StoredRows, own.UploadBytes ?? defaults.UploadBytes);
    }

    public Task<TenantUsage> UsageAsync(Guid tenantId, CancellationToken cancellationToken) => store.UsageAsync(tenantId, cancellationToken);

    /// <summary>
    /// The quota that refuses one more upload or job (with <paramref name="countJobs"/>, the concurrent-jobs quota
    /// too), or null. Only the limits that are set are measured: summing a tenant's storage reads all its rows (about
    /// 0.1 us each), which the default, unlimited storage never pays for.
    /// </summary>
    public async Task<QuotaExceededException?> ReachedAsync(Guid tenantId, EffectiveQuotas limits, bool countJobs, CancellationToken cancellationToken)
    {
        bool storage = limits.StoredBytes > 0 || limits.StoredRows > 0, jobs = countJobs && limits.ConcurrentJobs > 0;
        if (!storage && !jobs) return null;
        var usage = storage
            ? await store.UsageAsync(tenantId, cancellationToken)
            : new TenantUsage((await store.ActiveJobsAsync(tenantId, cancellationToken)).Count, 0, 0);
        return StorageReached(limits, usage) ?? (countJobs ? JobsReached(limits, usage) : null);
    }

    /// <summary>
    /// The storage quota the tenant has reached, or null. Checked before an upload or a job (which writes results)
    /// starts, not while it writes: the one upload or job that crosses a limit is kept, the next is refused. An upload
    /// is bounded by the upload quota, so that is also the most a tenant can go over.
    /// </summary>
    public static QuotaExceededException? StorageReached(EffectiveQuotas limits, TenantUsage usage) =>
        Reached(QuotaNames.StoredBytes, limits.StoredBytes, usage.StoredBytes, "bytes stored (datasets, results, models, plots, checkpoints)")
        ?? Reached(QuotaNames.StoredRows, limits.StoredRows, usage.StoredRows, "dataset rows stored");

    /// <summary>The concurrent-jobs quota when one more job would go past it, or null.</summary>
    public static QuotaExceededException? JobsReached(EffectiveQuotas limits, TenantUsage usage) =>
        limits.ConcurrentJobs > 0 && usage.ActiveJobs >= limits.ConcurrentJobs
            ? new QuotaExceededException(StatusCodes.Status429TooManyRequests, QuotaNames.ConcurrentJobs, limits.ConcurrentJobs, usage.ActiveJobs,
                $"The tenant has {usage.ActiveJobs} queued or running jobs, its limit. Wait for one to end (or cancel one), then try again.")
            : null;

    private static QuotaExceededException? Reached(string quota, long limit, long used, string what) =>
        limit > 0 && used >= limit
            ? new QuotaExceededException(StatusCodes.Status403Forbidden, quota, limit, used,
                $"The tenant has {used} {what}; its limit is {limit}. Delete datasets or jobs to make room, or ask an administrator to raise the quota.")
            : null;
}

/// <summary>
/// A request refused by a tenant quota: 429 for concurrent jobs (it passes when a job ends), 413 for an upload
/// that is too large, 403 for stored bytes or rows (it stays refused until the tenant deletes something or the
/// quota is raised; 507 would blame the server's storage, not the tenant's allowance).
/// </summary>
public sealed class QuotaExceededException(int status, string quota, long limit, long used, string detail) : Exception(detail)
{
    public int Status => status;
    public string Quota => quota;
    public long Limit => limit;
    public long Used => used;

    /// <summary>The ProblemDetails: the title and the <c>quota</c>, <c>limit</c> and <c>used</c> members name what was reached.</summary>
    public IResult ToProblem() => TypedResults.Problem(statusCode: status, title: $"Quota exceeded: {quota}.", detail: Message,
        extensions: new Dictionary<string, object?> { ["quota"] = quota, ["limit"] = limit, ["used"] = used });
}
