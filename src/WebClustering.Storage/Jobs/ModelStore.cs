using Npgsql;

namespace WebClustering.Storage.Jobs;

/// <summary>A registered model: the job that trained it, with what it needs to describe and use it.</summary>
/// <param name="PreprocessingJson">Core's FittedPreprocessing as JSON; null for models trained before it was kept.</param>
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
    string? PreprocessingJson = null);

/// <summary>The model registry: one entry per succeeded job, written by <see cref="ResultStore.CompleteAsync"/>.</summary>
public sealed class ModelStore(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT m.id, m.job_id, m.dataset_id, m.created_at, j.config::text, r.metrics::text, r.k, r.latent_dim, r.centroids,
            r.clustering_model::text, r.preprocessing::text
        FROM models m JOIN jobs j ON j.id = m.job_id JOIN job_results r ON r.job_id = m.job_id
        """;

    /// <summary>The models of one tenant's jobs, newest first.</summary>
    public async Task<IReadOnlyList<ModelRecord>> ListAsync(Guid tenantId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"{Select} WHERE j.tenant_id = @tenant ORDER BY m.created_at DESC, m.id DESC OFFSET @offset LIMIT @limit");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        var result = new List<ModelRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) result.Add(Read(reader));
        return result;
    }

    public async Task<ModelRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE m.id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<byte[]?> GetFileAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT r.model FROM models m JOIN job_results r ON r.job_id = m.job_id WHERE m.id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    private static ModelRecord Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetFieldValue<float[]>(8),
        reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10));
}
