using Npgsql;

namespace WebClustering.Storage.Jobs;

/// <param name="Epoch">Epochs completed when it was taken.</param>
/// <param name="Fence">The fence of the attempt that saved it.</param>
/// <param name="ScalerJson">The scaling its training rows went through, as JSON; null when not recorded.</param>
public sealed record CheckpointRecord(int Epoch, byte[] State, int Fence, DateTimeOffset SavedAt, string? ScalerJson = null);

/// <summary>
/// The latest training checkpoint of each running job, one row per job replaced in place. Only the attempt that
/// holds the job may write it; ending the job (results, failure, cancellation) deletes it in the same transaction.
/// </summary>
public sealed class CheckpointStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Saves (or replaces) the job's checkpoint. Returns false, writing nothing, when the job is no longer running
    /// under <paramref name="fence"/>: it was cancelled, or another worker has taken it over.
    /// </summary>
    public async Task<bool> SaveAsync(Guid jobId, int fence, int epoch, byte[] state, CancellationToken cancellationToken = default,
        string? scalerJson = null)
    {
        // The share lock on the job row orders this write against a concurrent end of the job: either the end waits
        // and then deletes this checkpoint, or this write sees the ended job and writes nothing.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO job_checkpoints (job_id, fence, epoch, state, saved_at, scaler)
            SELECT id, fence, @epoch, @state, now(), @scaler::jsonb FROM jobs
            WHERE id = @id AND state = 'running' AND fence = @fence
            FOR SHARE
            ON CONFLICT (job_id) DO UPDATE SET fence = EXCLUDED.fence, epoch = EXCLUDED.epoch, state = EXCLUDED.state,
                                               saved_at = EXCLUDED.saved_at, scaler = EXCLUDED.scaler
            """);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("fence", fence);
        command.Parameters.AddWithValue("epoch", epoch);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.Add(new NpgsqlParameter("scaler", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)scalerJson ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<CheckpointRecord?> GetAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT epoch, state, fence, saved_at, scaler::text FROM job_checkpoints WHERE job_id = @id");
        command.Parameters.AddWithValue("id", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CheckpointRecord(reader.GetInt32(0), reader.GetFieldValue<byte[]>(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4))
            : null;
    }

    /// <summary>Drops the job's checkpoint (one that cannot be resumed from, for instance).</summary>
    public async Task DeleteAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM job_checkpoints WHERE job_id = @id");
        command.Parameters.AddWithValue("id", jobId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
