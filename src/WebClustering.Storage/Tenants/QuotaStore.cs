using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Tenants;

/// <summary>A tenant's own quota values: null takes the service's default, 0 is unlimited.</summary>
public sealed record QuotaOverrides(int? ConcurrentJobs, long? StoredBytes, long? StoredRows, long? UploadBytes)
{
    public static readonly QuotaOverrides None = new(null, null, null, null);
}

/// <summary>What a tenant uses now: its queued and running jobs, and what it stores (see the view <c>tenant_storage</c>).</summary>
public sealed record TenantUsage(long ActiveJobs, long StoredBytes, long StoredRows);

/// <summary>Per-tenant quota overrides (table <c>tenant_quotas</c>) and what each tenant uses.</summary>
public sealed class QuotaStore(NpgsqlDataSource dataSource)
{
    public async Task<QuotaOverrides> GetOverridesAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT concurrent_jobs, stored_bytes, stored_rows, upload_bytes FROM tenant_quotas WHERE tenant_id = @tenant");
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return QuotaOverrides.None;
        return new QuotaOverrides(reader.IsDBNull(0) ? null : reader.GetInt32(0), Nullable(reader, 1), Nullable(reader, 2), Nullable(reader, 3));
    }

    /// <summary>Replaces the tenant's overrides (all four; null clears one) with the audit entry, in one transaction.</summary>
    public async Task SetOverridesAsync(Guid tenantId, QuotaOverrides quotas, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO tenant_quotas (tenant_id, concurrent_jobs, stored_bytes, stored_rows, upload_bytes)
            VALUES (@tenant, @jobs, @bytes, @rows, @upload)
            ON CONFLICT (tenant_id) DO UPDATE SET concurrent_jobs = excluded.concurrent_jobs, stored_bytes = excluded.stored_bytes,
                stored_rows = excluded.stored_rows, upload_bytes = excluded.upload_bytes, updated_at = now()
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("tenant", tenantId);
            upsert.Parameters.AddWithValue("jobs", NpgsqlDbType.Integer, (object?)quotas.ConcurrentJobs ?? DBNull.Value);
            upsert.Parameters.AddWithValue("bytes", NpgsqlDbType.Bigint, (object?)quotas.StoredBytes ?? DBNull.Value);
            upsert.Parameters.AddWithValue("rows", NpgsqlDbType.Bigint, (object?)quotas.StoredRows ?? DBNull.Value);
            upsert.Parameters.AddWithValue("upload", NpgsqlDbType.Bigint, (object?)quotas.UploadBytes ?? DBNull.Value);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await AuditStore.WriteAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<TenantUsage> UsageAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM jobs WHERE tenant_id = @tenant AND state IN ('queued', 'running')), s.stored_bytes, s.stored_rows
            FROM tenant_storage s WHERE s.tenant_id = @tenant
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TenantUsage(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2))
            : new TenantUsage(0, 0, 0);
    }

    /// <summary>The ids of the tenant's queued and running jobs.</summary>
    public async Task<IReadOnlyList<Guid>> ActiveJobsAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id FROM jobs WHERE tenant_id = @tenant AND state IN ('queued', 'running') ORDER BY created_at");
        command.Parameters.AddWithValue("tenant", tenantId);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>
    /// Holds a lock per tenant, on a connection of its own, until the returned handle is disposed: job creations of
    /// one tenant (in every process) then count its active jobs and insert one in turn, so that two simultaneous
    /// requests cannot both take the last free place.
    /// </summary>
    public async Task<TenantLock> LockTenantAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // A transaction's lock: it ends with the transaction, even when the connection breaks or is pooled again.
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
            command.Parameters.AddWithValue("key", LockKey(tenantId));
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new TenantLock(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stored bytes and rows of every tenant by name: for the per-tenant metrics.</summary>
    public async Task<IReadOnlyList<(string Tenant, long StoredBytes, long StoredRows)>> StorageByTenantAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT t.name, s.stored_bytes, s.stored_rows FROM tenant_storage s JOIN tenants t ON t.id = s.tenant_id
            """);
        var result = new List<(string, long, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) result.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return result;
    }

    // A fixed namespace in the high bits keeps these locks apart from any other advisory lock (Hangfire's included).
    private static long LockKey(Guid tenantId) => 0x5175_6F74_0000_0000L ^ (BitConverter.ToInt64(tenantId.ToByteArray(), 8) & 0xFFFF_FFFFL);

    private static long? Nullable(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetInt64(column);
}

/// <summary>A tenant's advisory lock and the transaction that holds it; disposing it ends both.</summary>
public sealed class TenantLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
