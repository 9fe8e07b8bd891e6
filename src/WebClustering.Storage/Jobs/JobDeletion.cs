using Npgsql;

namespace WebClustering.Storage.Jobs;

public enum JobDeleteOutcome { Deleted, NotFound, Running, NeededByRunningJob }

/// <param name="BlockingJobId">With <see cref="JobDeleteOutcome.NeededByRunningJob"/>: a queued or running job that starts from
/// this job's model, or encodes with it.</param>
/// <param name="EncodingJobIds">The encoding jobs made with this job's model, deleted with it.</param>
public sealed record JobDeleteResult(JobDeleteOutcome Outcome, string? State = null, Guid? BlockingJobId = null, Guid? ModelId = null,
    IReadOnlyList<Guid>? EncodingJobIds = null);

/// <summary>
/// Deletes a job with everything it made: its results, embeddings and their chunks, plots, events, loss curve,
/// checkpoint, its registered model and that model's aliases, the encoding jobs made with that model and their
/// results (all by foreign keys that cascade from the job), and the stored first response of the request that created
/// it. Models fine-tuned from its model stay (they hold their own weights; their lineage loses the link). Refused while
/// the job is queued or running, and while a job that starts from its model (training.initFrom) or encodes with it
/// is: that job reads the model when it starts.
/// </summary>
public sealed class JobDeletion(NpgsqlDataSource dataSource)
{
    /// <param name="createdLocation">The Location the job was created with, whose idempotent replay goes with it (and
    /// those of the encoding jobs deleted with it, at the same location with their ids).</param>
    public async Task<JobDeleteResult> DeleteAsync(Guid jobId, string createdLocation, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row locks make an attempt that starts now wait, and then find no job to run; the model's makes an encoding
        // job created now (which holds a share lock on it) either come before this check or find no model.
        await using (var lockModel = new NpgsqlCommand("SELECT 1 FROM models WHERE job_id = @id FOR UPDATE", connection, transaction))
        {
            lockModel.Parameters.AddWithValue("id", jobId);
            await lockModel.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var check = new NpgsqlCommand("""
            SELECT j.state, m.id,
                   (SELECT c.id FROM jobs c WHERE m.id IS NOT NULL AND c.state IN ('queued', 'running')
                        AND ((c.kind = 'training' AND c.config -> 'training' ->> 'initFrom' = m.id::text) OR c.model_id = m.id) ORDER BY c.created_at LIMIT 1),
                   ARRAY(SELECT e.id FROM jobs e WHERE m.id IS NOT NULL AND e.model_id = m.id)
            FROM jobs j LEFT JOIN models m ON m.job_id = j.id WHERE j.id = @id FOR UPDATE OF j
            """, connection, transaction);
        check.Parameters.AddWithValue("id", jobId);
        string state;
        Guid? modelId, blocking;
        Guid[] encodings;
        await using (var reader = await check.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) return new JobDeleteResult(JobDeleteOutcome.NotFound);
            state = reader.GetString(0);
            modelId = reader.IsDBNull(1) ? null : reader.GetGuid(1);
            blocking = reader.IsDBNull(2) ? null : reader.GetGuid(2);
            encodings = reader.GetFieldValue<Guid[]>(3);
        }
        if (state is JobStates.Queued or JobStates.Running) return new JobDeleteResult(JobDeleteOutcome.Running, state);
        if (blocking is not null) return new JobDeleteResult(JobDeleteOutcome.NeededByRunningJob, state, blocking, modelId);

        await using var delete = new NpgsqlCommand("""
            WITH replay AS (DELETE FROM idempotency_keys WHERE location = ANY(@locations))
            DELETE FROM jobs WHERE id = @id
            """, connection, transaction);
        delete.Parameters.AddWithValue("id", jobId);
        // The encoding jobs' replies go too: they were created at the same kind of location, with their own ids.
        delete.Parameters.AddWithValue("locations",
            (string[])[createdLocation, .. encodings.Select(e => createdLocation.Replace(jobId.ToString(), e.ToString(), StringComparison.OrdinalIgnoreCase))]);
        await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new JobDeleteResult(JobDeleteOutcome.Deleted, state, ModelId: modelId, EncodingJobIds: encodings);
    }
}
