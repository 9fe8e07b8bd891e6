namespace WebClustering.Api.Hosting.Settings;

/// <summary>
/// The quotas every tenant gets unless the admin API sets its own (<c>PUT /api/admin/tenants/{id}/quotas</c>).
/// Keys <c>WebClustering:Quotas:ConcurrentJobs</c> and so on; 0 is unlimited.
/// </summary>
public sealed class QuotaSettings : ICheckedSettings
{
    public TenantQuotaDefaults Quotas { get; set; } = new();

    public void Check(SettingChecks checks)
    {
        checks.AtLeast("Quotas:ConcurrentJobs", Quotas.ConcurrentJobs, 0);
        checks.AtLeast("Quotas:StoredBytes", Quotas.StoredBytes, 0);
        checks.AtLeast("Quotas:StoredRows", Quotas.StoredRows, 0);
        checks.AtLeast("Quotas:UploadBytes", Quotas.UploadBytes, 0);
    }
}

public sealed class TenantQuotaDefaults
{
    /// <summary>
    /// Queued and running jobs a tenant may have at once (429 beyond). Hangfire's queue is first come, first served,
    /// and a worker trains one job at a time: without a cap one client's loop gone wrong queues days of work ahead
    /// of every other tenant. 50 is far above what a person or pipeline waits on at once.
    /// </summary>
    public int ConcurrentJobs { get; set; } = 50;

    /// <summary>
    /// Bytes a tenant may store: datasets, results, embeddings, models, plots, checkpoints (403 once reached).
    /// Unlimited by default: the right figure depends on the database's disk, which only the operator knows, and a
    /// default could lock existing tenants out of their own service on upgrade.
    /// </summary>
    public long StoredBytes { get; set; }

    /// <summary>Dataset rows a tenant may store (403 once reached). Unlimited by default, for the same reason.</summary>
    public long StoredRows { get; set; }

    /// <summary>Largest upload of a tenant (413 beyond); 0 leaves only the service-wide WebClustering:MaxUploadBytes (2 GiB).</summary>
    public long UploadBytes { get; set; }
}
