using Npgsql;

namespace WebClustering.Storage.Tenants;

public enum TenantDeletionOutcome { Deleted, NotFound, JobsActive }

/// <summary>
/// Deletes a tenant with everything it stores, in one transaction with its audit entry: its datasets (and so their
/// rows, jobs and everything a job wrote: results, embeddings, models, plots, events, epochs, checkpoints, by the
/// foreign keys' ON DELETE CASCADE), its API keys, quota overrides and idempotency records, then the tenant.
/// </summary>
public sealed class TenantDeletion(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Refuses (<see cref="TenantDeletionOutcome.JobsActive"/>, nothing deleted) while a job of the tenant is queued or
    /// running: a worker would go on writing for a tenant that is gone. The tenant row is locked first, so a job
    /// created meanwhile either is counted here or finds its dataset gone.
    /// </summary>
    public async Task<TenantDeletionOutcome> DeleteAsync(Guid tenantId, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockTenant = new NpgsqlCommand("SELECT name FROM tenants WHERE id = @tenant FOR UPDATE", connection, transaction))
        {
            lockTenant.Parameters.AddWithValue("tenant", tenantId);
            if (await lockTenant.ExecuteScalarAsync(cancellationToken) is null) return TenantDeletionOutcome.NotFound;
        }
        await using (var active = new NpgsqlCommand(
            "SELECT count(*) FROM jobs WHERE tenant_id = @tenant AND state IN ('queued', 'running')", connection, transaction))
        {
            active.Parameters.AddWithValue("tenant", tenantId);
            if ((long)(await active.ExecuteScalarAsync(cancellationToken))! > 0) return TenantDeletionOutcome.JobsActive;
        }
        await using (var delete = new NpgsqlCommand("""
            DELETE FROM jobs WHERE tenant_id = @tenant;
            DELETE FROM datasets WHERE tenant_id = @tenant;
            DELETE FROM api_keys WHERE tenant_id = @tenant;
            DELETE FROM tenant_quotas WHERE tenant_id = @tenant;
            DELETE FROM idempotency_keys WHERE starts_with(scope, @scope);
            DELETE FROM tenants WHERE id = @tenant;
            """, connection, transaction))
        {
            // A long delete (millions of rows) must not be cut off by the default command timeout.
            delete.CommandTimeout = 0;
            delete.Parameters.AddWithValue("tenant", tenantId);
            delete.Parameters.AddWithValue("scope", $"tenant:{tenantId} ");
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await AuditStore.WriteAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TenantDeletionOutcome.Deleted;
    }
}
