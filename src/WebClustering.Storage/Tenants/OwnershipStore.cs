using Npgsql;

namespace WebClustering.Storage.Tenants;

/// <summary>Which tenant a dataset, job or model belongs to. A model belongs to the tenant of the job that trained it.</summary>
public sealed class OwnershipStore(NpgsqlDataSource dataSource)
{
    /// <summary>The owning tenant, or null when the resource does not exist.</summary>
    public async Task<Guid?> OwnerOfAsync(OwnedResource resource, Guid id, CancellationToken cancellationToken = default)
    {
        var sql = resource switch
        {
            OwnedResource.Dataset => "SELECT tenant_id FROM datasets WHERE id = @id",
            OwnedResource.Job => "SELECT tenant_id FROM jobs WHERE id = @id",
            OwnedResource.Model => "SELECT j.tenant_id FROM models m JOIN jobs j ON j.id = m.job_id WHERE m.id = @id",
            _ => throw new ArgumentOutOfRangeException(nameof(resource)),
        };
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }
}
