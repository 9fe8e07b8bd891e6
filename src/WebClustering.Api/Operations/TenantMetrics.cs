using Npgsql;
using Prometheus;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Operations;

/// <summary>
/// Per-tenant series, labelled by the tenant's name: its jobs by state, and the bytes and dataset rows it stores.
/// A deleted tenant's series go at the next scrape.
/// </summary>
public sealed class TenantMetrics(NpgsqlDataSource dataSource, QuotaStore quotas, TimeProvider time)
{
    /// <summary>
    /// Storage is summed over every row a tenant has (about 0.1 us a row, see migration 0014): it is read at most this
    /// often, so that a scraper every few seconds does not keep scanning a large database. Jobs are read at every scrape.
    /// </summary>
    public static readonly TimeSpan StorageRefresh = TimeSpan.FromSeconds(30);

    private static readonly Gauge Jobs = Metrics.CreateGauge(
        "webclustering_tenant_jobs", "Jobs of each tenant by state.", new GaugeConfiguration { LabelNames = ["tenant", "state"] });

    private static readonly Gauge StoredBytes = Metrics.CreateGauge(
        "webclustering_tenant_stored_bytes", "Bytes each tenant stores (datasets, results, models, plots, checkpoints), as its storage quota counts them.",
        new GaugeConfiguration { LabelNames = ["tenant"] });

    private static readonly Gauge StoredRows = Metrics.CreateGauge(
        "webclustering_tenant_stored_rows", "Dataset rows each tenant stores.", new GaugeConfiguration { LabelNames = ["tenant"] });

    private DateTimeOffset storageReadAt = DateTimeOffset.MinValue;

    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT t.name, s.state, count(j.id)
            FROM tenants t CROSS JOIN unnest(@states) AS s(state) LEFT JOIN jobs j ON j.tenant_id = t.id AND j.state = s.state
            GROUP BY t.name, s.state
            """);
        command.Parameters.AddWithValue("states", WebClustering.Storage.Jobs.JobStates.All.ToArray());
        var jobs = new Dictionary<(string, string), long>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) jobs[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        Replace(Jobs, jobs.Keys.Select(k => new[] { k.Item1, k.Item2 }));
        foreach (var ((tenant, state), count) in jobs) Jobs.WithLabels(tenant, state).Set(count);

        var now = time.GetUtcNow();
        if (now - storageReadAt < StorageRefresh) return;
        var storage = await quotas.StorageByTenantAsync(cancellationToken);
        Replace(StoredBytes, storage.Select(s => new[] { s.Tenant }));
        Replace(StoredRows, storage.Select(s => new[] { s.Tenant }));
        foreach (var (tenant, bytes, rows) in storage)
        {
            StoredBytes.WithLabels(tenant).Set(bytes);
            StoredRows.WithLabels(tenant).Set(rows);
        }
        storageReadAt = now;
    }

    /// <summary>Removes the series whose labels are no longer current (a deleted tenant).</summary>
    private static void Replace(Gauge gauge, IEnumerable<string[]> current)
    {
        var keep = current.Select(labels => string.Join('\0', labels)).ToHashSet();
        foreach (var labels in gauge.GetAllLabelValues().ToList())
            if (!keep.Contains(string.Join('\0', labels))) gauge.RemoveLabelled(labels);
    }
}
