using Npgsql;

namespace WebClustering.Storage.Tenants;

/// <summary>Tenants and their API keys. Keys are looked up by the SHA-256 of the key; the key itself is never stored.</summary>
public sealed class TenantStore(NpgsqlDataSource dataSource)
{
    private const string KeyColumns = "k.id, k.tenant_id, t.name, k.name, k.prefix, k.created_at, k.revoked_at";

    /// <summary>The tenant of that name, created when it does not exist yet.</summary>
    public async Task<(TenantRecord Tenant, bool Created)> EnsureTenantAsync(string name, CancellationToken cancellationToken = default)
    {
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO tenants (id, name) VALUES (@id, @name) ON CONFLICT (name) DO NOTHING RETURNING id, name, created_at
            """))
        {
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("name", name);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) return (ReadTenant(reader), true);
        }
        return (await GetTenantAsync(name, cancellationToken)
            ?? throw new InvalidOperationException($"Tenant '{name}' vanished while it was being created."), false);
    }

    public async Task<TenantRecord?> GetTenantAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, created_at FROM tenants WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
    }

    public async Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, created_at FROM tenants ORDER BY name");
        var tenants = new List<TenantRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) tenants.Add(ReadTenant(reader));
        return tenants;
    }

    public async Task<ApiKeyRecord> CreateKeyAsync(Guid tenantId, string? name, string prefix, byte[] hash,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH k AS (
                INSERT INTO api_keys (id, tenant_id, name, prefix, hash) VALUES (@id, @tenant, @name, @prefix, @hash)
                RETURNING *)
            SELECT {KeyColumns} FROM k JOIN tenants t ON t.id = k.tenant_id
            """);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("name", (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("prefix", prefix);
        command.Parameters.AddWithValue("hash", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ReadKey(reader);
    }

    /// <summary>Every key, or one tenant's, oldest first; revoked keys included (with the time they were revoked).</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string? tenantName, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {KeyColumns} FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
            WHERE @tenant::text IS NULL OR t.name = @tenant
            ORDER BY k.created_at, k.id
            """);
        command.Parameters.AddWithValue("tenant", NpgsqlTypes.NpgsqlDbType.Text, (object?)tenantName ?? DBNull.Value);
        var keys = new List<ApiKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) keys.Add(ReadKey(reader));
        return keys;
    }

    /// <summary>Revokes the key (a second revocation keeps the first time); null when there is no such key.</summary>
    public async Task<ApiKeyRecord?> RevokeKeyAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH k AS (UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = @id RETURNING *)
            SELECT {KeyColumns} FROM k JOIN tenants t ON t.id = k.tenant_id
            """);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
    }

    /// <summary>The key with this hash and its tenant; null when no key has it.</summary>
    public async Task<KeyOwner?> FindKeyAsync(byte[] hash, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT k.id, k.tenant_id, t.name, k.revoked_at IS NOT NULL
            FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.hash = @hash
            """);
        command.Parameters.AddWithValue("hash", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new KeyOwner(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetBoolean(3))
            : null;
    }

    private static TenantRecord ReadTenant(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));

    private static ApiKeyRecord ReadKey(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6));
}
