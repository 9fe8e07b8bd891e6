using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Jobs;

public enum CreateEncodingOutcome { Created, DatasetNotFound, ModelNotFound }

/// <summary>
/// Encoding jobs' rows: a job of kind <see cref="JobKinds.Encoding"/> names the model it encodes with, and keeps that
/// model's configuration document as its own (what the rows go through). Everything
/// after the insert (start, fence, progress, results, cancel, delete) is the same as for a training job, in
/// <see cref="JobStore"/>, <see cref="ResultStore"/> and <see cref="JobDeletion"/>.
/// </summary>
public sealed class EncodingJobStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Inserts a queued encoding job of the tenant, holding share locks on its dataset and its model so that a
    /// concurrent delete of either waits (and then finds the job) or has already happened (then: not found).
    /// </summary>
    public async Task<(CreateEncodingOutcome Outcome, JobRecord? Job)> CreateAsync(Guid tenantId, Guid datasetId, Guid modelId,
        string configJson, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockAsync(connection, transaction, "SELECT 1 FROM datasets WHERE id = @id AND tenant_id = @tenant FOR SHARE", datasetId, tenantId, cancellationToken))
            return (CreateEncodingOutcome.DatasetNotFound, null);
        if (!await LockAsync(connection, transaction, "SELECT 1 FROM models WHERE id = @id AND tenant_id = @tenant FOR SHARE", modelId, tenantId, cancellationToken))
            return (CreateEncodingOutcome.ModelNotFound, null);
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO jobs (id, tenant_id, dataset_id, config, state, epochs, kind, model_id)
            VALUES (@id, @tenant, @datasetId, @config, 'queued', 0, 'encoding', @modelId)
            RETURNING {JobStore.SelectColumns}
            """, connection, transaction);
        insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
        insert.Parameters.AddWithValue("tenant", tenantId);
        insert.Parameters.AddWithValue("datasetId", datasetId);
        insert.Parameters.AddWithValue("modelId", modelId);
        insert.Parameters.AddWithValue("config", NpgsqlDbType.Jsonb, configJson);
        JobRecord job;
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            job = JobStore.Read(reader);
        }
        await transaction.CommitAsync(cancellationToken);
        return (CreateEncodingOutcome.Created, job);
    }

    private static async Task<bool> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Guid id, Guid tenantId,
        CancellationToken cancellationToken)
    {
        await using var check = new NpgsqlCommand(sql, connection, transaction);
        check.Parameters.AddWithValue("id", id);
        check.Parameters.AddWithValue("tenant", tenantId);
        return await check.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
