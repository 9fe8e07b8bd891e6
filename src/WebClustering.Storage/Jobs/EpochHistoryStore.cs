using Npgsql;

namespace WebClustering.Storage.Jobs;

/// <summary>One epoch of a job's training as stored; <see cref="ValidationLoss"/> is null without a validation split.</summary>
public sealed record StoredEpoch(int Epoch, double TrainingLoss, double? ValidationLoss, double LearningRate);

/// <summary>The per-epoch losses of jobs.</summary>
public sealed class EpochHistoryStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Replaces the job's history (a later attempt writes it again). Returns false, writing nothing, when the job
    /// is no longer running under <paramref name="fence"/>.
    /// </summary>
    public async Task<bool> WriteAsync(Guid jobId, int fence, IReadOnlyList<StoredEpoch> epochs, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The share lock holds off a takeover (which updates the row) until this history is committed.
        await using (var holds = new NpgsqlCommand(
            "SELECT 1 FROM jobs WHERE id = @job AND state = 'running' AND fence = @fence FOR SHARE", connection, transaction))
        {
            holds.Parameters.AddWithValue("job", jobId);
            holds.Parameters.AddWithValue("fence", fence);
            if (await holds.ExecuteScalarAsync(cancellationToken) is null) return false;
        }
        await using (var delete = new NpgsqlCommand("DELETE FROM job_epochs WHERE job_id = @job", connection, transaction))
        {
            delete.Parameters.AddWithValue("job", jobId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO job_epochs (job_id, epoch, training_loss, validation_loss, learning_rate)
            SELECT @job, e.epoch, e.training, e.validation, e.rate
            FROM unnest(@epochs, @training, @validation, @rates) AS e (epoch, training, validation, rate)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("job", jobId);
            insert.Parameters.AddWithValue("epochs", epochs.Select(e => e.Epoch).ToArray());
            insert.Parameters.AddWithValue("training", epochs.Select(e => e.TrainingLoss).ToArray());
            insert.Parameters.AddWithValue("validation", epochs.Select(e => e.ValidationLoss).ToArray());
            insert.Parameters.AddWithValue("rates", epochs.Select(e => e.LearningRate).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<StoredEpoch>> ReadAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT epoch, training_loss, validation_loss, learning_rate FROM job_epochs WHERE job_id = @job ORDER BY epoch
            """);
        command.Parameters.AddWithValue("job", jobId);
        var result = new List<StoredEpoch>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new StoredEpoch(reader.GetInt32(0), reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.GetDouble(3)));
        return result;
    }
}
