using Npgsql;

namespace WebClustering.Storage.Jobs;

/// <summary>A model name of a tenant: how many versions it has, its highest, and where each alias points.</summary>
public sealed record ModelNameRecord(string Name, int Versions, int LatestVersion, Guid LatestModelId, DateTimeOffset UpdatedAt,
    IReadOnlyList<ModelAliasRecord> Aliases);

/// <summary>An alias of a model name and the version it points at.</summary>
public sealed record ModelAliasRecord(string Name, string Alias, Guid ModelId, int Version, DateTimeOffset UpdatedAt);

public enum SetAliasOutcome { Set, NoSuchVersion }

/// <summary>Model names and their aliases. An alias points at one version of its name; setting it again moves it.</summary>
public sealed class ModelAliasStore(NpgsqlDataSource dataSource)
{
    /// <summary>The tenant's model names (or the one <paramref name="name"/>), most recently registered first.</summary>
    public async Task<IReadOnlyList<ModelNameRecord>> NamesAsync(Guid tenantId, int offset, int limit, string? name = null,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT n.name, n.versions, n.latest_version, l.id, n.updated_at
            FROM (SELECT name, count(*)::integer AS versions, max(version) AS latest_version, max(created_at) AS updated_at
                  FROM models WHERE tenant_id = @tenant AND (@name::text IS NULL OR name = @name) GROUP BY name) n
            JOIN models l ON l.tenant_id = @tenant AND l.name = n.name AND l.version = n.latest_version
            ORDER BY n.updated_at DESC, n.name OFFSET @offset LIMIT @limit
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("name", NpgsqlTypes.NpgsqlDbType.Text, (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        var names = new List<(string Name, int Versions, int Latest, Guid LatestId, DateTimeOffset Updated)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                names.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetGuid(3), reader.GetFieldValue<DateTimeOffset>(4)));
        var aliases = names.Count == 0 ? [] : await AliasesAsync(tenantId, [.. names.Select(n => n.Name)], cancellationToken);
        return [.. names.Select(n => new ModelNameRecord(n.Name, n.Versions, n.Latest, n.LatestId, n.Updated,
            [.. aliases.Where(a => a.Name == n.Name)]))];
    }

    private async Task<IReadOnlyList<ModelAliasRecord>> AliasesAsync(Guid tenantId, string[] names, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT a.name, a.alias, a.model_id, m.version, a.updated_at FROM model_aliases a JOIN models m ON m.id = a.model_id
            WHERE a.tenant_id = @tenant AND a.name = ANY(@names) ORDER BY a.name, a.alias
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("names", names);
        var aliases = new List<ModelAliasRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            aliases.Add(new ModelAliasRecord(reader.GetString(0), reader.GetString(1), reader.GetGuid(2), reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        return aliases;
    }

    /// <summary>
    /// Points the alias of a name at a version of that name, given by its number or its model id (one of them),
    /// creating the alias or moving it.
    /// </summary>
    public async Task<(SetAliasOutcome Outcome, ModelAliasRecord? Alias)> SetAsync(Guid tenantId, string name, string alias, int? version, Guid? modelId,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            WITH target AS (
                SELECT id, version FROM models
                WHERE tenant_id = @tenant AND name = @name AND (@version::integer IS NULL OR version = @version) AND (@model::uuid IS NULL OR id = @model)
            ),
            upserted AS (
                INSERT INTO model_aliases (tenant_id, name, alias, model_id)
                SELECT @tenant, @name, @alias, id FROM target
                ON CONFLICT (tenant_id, name, alias) DO UPDATE SET model_id = EXCLUDED.model_id, updated_at = now()
                RETURNING model_id, updated_at
            )
            SELECT u.model_id, t.version, u.updated_at FROM upserted u JOIN target t ON t.id = u.model_id
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("alias", alias);
        command.Parameters.AddWithValue("version", NpgsqlTypes.NpgsqlDbType.Integer, (object?)version ?? DBNull.Value);
        command.Parameters.AddWithValue("model", NpgsqlTypes.NpgsqlDbType.Uuid, (object?)modelId ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return (SetAliasOutcome.NoSuchVersion, null);
        return (SetAliasOutcome.Set, new ModelAliasRecord(name, alias, reader.GetGuid(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2)));
    }

    /// <summary>Removes an alias; false when the name had no such alias. The version it pointed at stays.</summary>
    public async Task<bool> DeleteAsync(Guid tenantId, string name, string alias, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM model_aliases WHERE tenant_id = @tenant AND name = @name AND alias = @alias");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("alias", alias);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
