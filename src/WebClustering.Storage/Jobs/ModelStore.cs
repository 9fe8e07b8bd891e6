using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Jobs;

/// <summary>A registered model: the job that trained it, with what it needs to describe and use it.</summary>
/// <param name="PreprocessingJson">Core's FittedPreprocessing as JSON; null for models trained before it was kept.</param>
/// <param name="Name">The registry name (unique within the tenant; by default the dataset's name).</param>
/// <param name="Version">The version within <paramref name="Name"/>: 1, 2, ... in registration order.</param>
/// <param name="ParentId">The model it was fine-tuned from (training.initFrom), while that model exists.</param>
/// <param name="Aliases">The aliases of its name that point at it (production, staging, ...), sorted.</param>
public sealed record ModelRecord(
    Guid Id,
    Guid JobId,
    Guid DatasetId,
    DateTimeOffset CreatedAt,
    string ConfigJson,
    string MetricsJson,
    int K,
    int LatentDim,
    float[] Centroids,
    string? ClusteringModelJson = null,
    string? PreprocessingJson = null,
    string Name = "",
    int Version = 0,
    Guid? ParentId = null,
    string[]? Aliases = null);

/// <summary>One step up a model's lineage: the model it was fine-tuned from.</summary>
public sealed record ModelAncestor(Guid Id, string Name, int Version);

/// <summary>The model registry: one entry per succeeded job, written by <see cref="ResultStore.CompleteAsync"/>.</summary>
public sealed class ModelStore(NpgsqlDataSource dataSource)
{
    /// <summary>The alias that always means a name's highest version; it cannot be set.</summary>
    public const string Latest = "latest";

    private const string Select = """
        SELECT m.id, m.job_id, m.dataset_id, m.created_at, j.config::text, r.metrics::text, r.k, r.latent_dim, r.centroids,
            r.clustering_model::text, r.preprocessing::text, m.name, m.version, m.parent_id,
            ARRAY(SELECT a.alias FROM model_aliases a WHERE a.model_id = m.id ORDER BY a.alias)
        FROM models m JOIN jobs j ON j.id = m.job_id JOIN job_results r ON r.job_id = m.job_id
        """;

    /// <summary>The models of one tenant's jobs, newest first; with <paramref name="name"/>, that name's versions only; with <paramref name="jobId"/>, that job's.</summary>
    public async Task<IReadOnlyList<ModelRecord>> ListAsync(Guid tenantId, int offset, int limit, CancellationToken cancellationToken = default,
        string? name = null, Guid? jobId = null)
    {
        await using var command = dataSource.CreateCommand($"""
            {Select} WHERE m.tenant_id = @tenant AND (@name::text IS NULL OR m.name = @name) AND (@job::uuid IS NULL OR m.job_id = @job)
            ORDER BY m.created_at DESC, m.id DESC OFFSET @offset LIMIT @limit
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("name", NpgsqlDbType.Text, (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("job", NpgsqlDbType.Uuid, (object?)jobId ?? DBNull.Value);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<ModelRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE m.id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The model a job registered, if it succeeded and was not deleted.</summary>
    public async Task<ModelRecord?> GetByJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE m.job_id = @job");
        command.Parameters.AddWithValue("job", jobId);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>One version of one of the tenant's model names.</summary>
    public async Task<ModelRecord?> GetVersionAsync(Guid tenantId, string name, int version, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE m.tenant_id = @tenant AND m.name = @name AND m.version = @version");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("version", version);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The version an alias of a name points at now (<see cref="Latest"/>: the highest version); null when none.</summary>
    public async Task<ModelRecord?> ResolveAsync(Guid tenantId, string name, string alias, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(alias == Latest
            ? $"{Select} WHERE m.tenant_id = @tenant AND m.name = @name ORDER BY m.version DESC LIMIT 1"
            : $"{Select} JOIN model_aliases al ON al.model_id = m.id WHERE al.tenant_id = @tenant AND al.name = @name AND al.alias = @alias");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("alias", alias);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The models a model was fine-tuned from, its parent first, as far back as they still exist.</summary>
    public async Task<IReadOnlyList<ModelAncestor>> LineageAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            WITH RECURSIVE up (id, depth) AS (
                SELECT parent_id, 1 FROM models WHERE id = @id AND parent_id IS NOT NULL
                UNION ALL
                SELECT m.parent_id, up.depth + 1 FROM up JOIN models m ON m.id = up.id WHERE m.parent_id IS NOT NULL AND up.depth < 100
            )
            SELECT m.id, m.name, m.version FROM up JOIN models m ON m.id = up.id ORDER BY up.depth
            """);
        command.Parameters.AddWithValue("id", id);
        var lineage = new List<ModelAncestor>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) lineage.Add(new ModelAncestor(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2)));
        return lineage;
    }

    public async Task<byte[]?> GetFileAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT r.model FROM models m JOIN job_results r ON r.job_id = m.job_id WHERE m.id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    private static async Task<IReadOnlyList<ModelRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<ModelRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) result.Add(Read(reader));
        return result;
    }

    private static ModelRecord Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetFieldValue<float[]>(8),
        reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.GetString(11), reader.GetInt32(12), reader.IsDBNull(13) ? null : reader.GetGuid(13), reader.GetFieldValue<string[]>(14));
}
