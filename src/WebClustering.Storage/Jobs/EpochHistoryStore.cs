using Npgsql;

namespace WebClustering.Storage.Jobs;

/// <summary>One epoch of a job's training as stored; <see cref="ValidationLoss"/> is null without a validation split.</summary>
public sealed record StoredEpoch(int Epoch, double TrainingLoss, double? ValidationLoss, double LearningRate);

/// <summary>The per-epoch losses of jobs.</summary>
public sealed class EpochHistoryStore(NpgsqlDataSource dataSource)
{
    /// <summary>Replaces the job's history (a redelivered job writes it again).</summary>
    public async Task WriteAsync(Guid jobId, IReadOnlyList<StoredEpoch> epochs, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
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
