using Npgsql;

namespace WebClustering.Storage.Tenants;

/// <summary>Tenants and their API keys. Keys are looked up by the SHA-256 of the key; the key itself is never stored.</summary>
public sealed class TenantStore(NpgsqlDataSource dataSource)
{
    private const string KeyColumns = "k.id, k.tenant_id, t.name, k.name, k.prefix, k.created_at, k.revoked_at";

    /// <summary>The tenant of that name, created when it does not exist yet; <paramref name="audit"/> is written only when it is created.</summary>
    public async Task<(TenantRecord Tenant, bool Created)> EnsureTenantAsync(string name, AuditEntry? audit = null,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (tenant, created) = await EnsureTenantAsync(connection, transaction, name, cancellationToken);
        if (created && audit is not null) await AuditStore.WriteAsync(connection, transaction, audit with
            {
                Target = $"tenant:{tenant.Id}", Detail = System.Text.Json.JsonSerializer.Serialize(new { name }),
            }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (tenant, created);
    }

    private static async Task<(TenantRecord Tenant, bool Created)> EnsureTenantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string name, CancellationToken cancellationToken)
    {
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO tenants (id, name) VALUES (@id, @name) ON CONFLICT (name) DO NOTHING RETURNING id, name, created_at
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("name", name);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) return (ReadTenant(reader), true);
        }
        await using var select = new NpgsqlCommand("SELECT id, name, created_at FROM tenants WHERE name = @name", connection, transaction);
        select.Parameters.AddWithValue("name", name);
        await using var existing = await select.ExecuteReaderAsync(cancellationToken);
        return await existing.ReadAsync(cancellationToken)
            ? (ReadTenant(existing), false)
            : throw new InvalidOperationException($"Tenant '{name}' vanished while it was being created.");
    }

    public async Task<TenantRecord?> GetTenantAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, created_at FROM tenants WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
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

    /// <summary>
    /// A new key of the tenant of that name (created first when it does not exist yet), with its audit entry, in
    /// one transaction; also says whether the tenant was created.
    /// </summary>
    public async Task<(ApiKeyRecord Key, bool TenantCreated)> CreateKeyAsync(string tenantName, string? name, string prefix, byte[] hash,
        AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (tenant, created) = await EnsureTenantAsync(connection, transaction, tenantName, cancellationToken);
        await using var command = new NpgsqlCommand($"""
            WITH k AS (
                INSERT INTO api_keys (id, tenant_id, name, prefix, hash) VALUES (@id, @tenant, @name, @prefix, @hash)
                RETURNING *)
            SELECT {KeyColumns} FROM k JOIN tenants t ON t.id = k.tenant_id
            """, connection, transaction);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("tenant", tenant.Id);
        command.Parameters.AddWithValue("name", (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("prefix", prefix);
        command.Parameters.AddWithValue("hash", hash);
        ApiKeyRecord key;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            key = ReadKey(reader);
        }
        if (audit is not null)
            await AuditStore.WriteAsync(connection, transaction, audit with
            {
                Target = $"key:{key.Id}",
                Detail = System.Text.Json.JsonSerializer.Serialize(new { tenant = tenantName, name, prefix, tenantCreated = created }),
            }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (key, created);
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

    /// <summary>Revokes the key (a second revocation keeps the first time), with its audit entry; null when there is no such key.</summary>
    public async Task<ApiKeyRecord?> RevokeKeyAsync(Guid id, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            WITH k AS (UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = @id RETURNING *)
            SELECT {KeyColumns} FROM k JOIN tenants t ON t.id = k.tenant_id
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        ApiKeyRecord? key = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            if (await reader.ReadAsync(cancellationToken)) key = ReadKey(reader);
        if (key is not null && audit is not null)
            await AuditStore.WriteAsync(connection, transaction, audit with
            {
                Target = $"key:{id}",
                Detail = System.Text.Json.JsonSerializer.Serialize(new { tenant = key.TenantName, prefix = key.Prefix }),
            }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return key;
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
