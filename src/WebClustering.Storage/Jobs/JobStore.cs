using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Jobs;

public enum CreateJobOutcome { Created, DatasetNotFound }

/// <summary>Job rows and their state transitions. Every transition checks the state it starts from.</summary>
public sealed class JobStore(NpgsqlDataSource dataSource)
{
    internal const string SelectColumns =
        "id, dataset_id, config::text, state, progress, epoch, epochs, loss, error, attempts, created_at, started_at, finished_at, " +
        "worker, resumed_from_epoch, fence, kind, model_id";

    /// <summary>
    /// Inserts a queued job of the tenant, holding a share lock on its dataset so a concurrent delete waits or refuses.
    /// Another tenant's dataset counts as not found.
    /// </summary>
    public async Task<(CreateJobOutcome Outcome, JobRecord? Job)> CreateAsync(Guid tenantId, Guid datasetId, string configJson, int epochs,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var check = new NpgsqlCommand("SELECT 1 FROM datasets WHERE id = @id AND tenant_id = @tenant FOR SHARE", connection, transaction))
        {
            check.Parameters.AddWithValue("id", datasetId);
            check.Parameters.AddWithValue("tenant", tenantId);
            if (await check.ExecuteScalarAsync(cancellationToken) is null) return (CreateJobOutcome.DatasetNotFound, null);
        }
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO jobs (id, tenant_id, dataset_id, config, state, epochs)
            VALUES (@id, @tenant, @datasetId, @config, 'queued', @epochs)
            RETURNING {SelectColumns}
            """, connection, transaction);
        insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
        insert.Parameters.AddWithValue("tenant", tenantId);
        insert.Parameters.AddWithValue("datasetId", datasetId);
        insert.Parameters.AddWithValue("config", NpgsqlDbType.Jsonb, configJson);
        insert.Parameters.AddWithValue("epochs", epochs);
        JobRecord job;
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            job = Read(reader);
        }
        await transaction.CommitAsync(cancellationToken);
        return (CreateJobOutcome.Created, job);
    }

    public async Task SetBackgroundJobIdAsync(Guid id, string backgroundJobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE jobs SET background_job_id = @bg WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("bg", backgroundJobId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<JobRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {SelectColumns} FROM jobs WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>One tenant's jobs, newest first; <paramref name="state"/> null lists every state.</summary>
    public async Task<(IReadOnlyList<JobRecord> Jobs, long Total)> ListAsync(Guid tenantId, string? state, int offset, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {SelectColumns}, count(*) OVER () FROM jobs
            WHERE tenant_id = @tenant AND (@state::text IS NULL OR state = @state)
            ORDER BY created_at DESC, id DESC OFFSET @offset LIMIT @limit
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("state", NpgsqlDbType.Text, (object?)state ?? DBNull.Value);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        var jobs = new List<JobRecord>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(Read(reader));
            total = reader.GetInt64(18);
        }
        if (jobs.Count == 0 && offset > 0) total = await CountAsync(tenantId, state, cancellationToken);
        return (jobs, total);
    }

    private async Task<long> CountAsync(Guid tenantId, string? state, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM jobs WHERE tenant_id = @tenant AND (@state::text IS NULL OR state = @state)");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("state", NpgsqlDbType.Text, (object?)state ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Moves a queued job to running (or takes over a running one whose worker died), counts the attempt, takes the
    /// next fence, records the worker and the epoch of the job's checkpoint, if any, as the one it resumes from.
    /// Returns null when the job is finished or gone, so a redelivered Hangfire job does nothing, and when it has
    /// had <paramref name="maxAttempts"/> counted attempts already (see <see cref="GetAsync"/> to tell which).
    /// </summary>
    /// <param name="worker">Who runs this attempt (shown in the job).</param>
    /// <param name="after">When given, start only if the job's latest fence is still this one (the caller's own).</param>
    public Task<JobRecord?> StartAsync(Guid id, CancellationToken cancellationToken = default, string? worker = null,
        int maxAttempts = int.MaxValue, int? after = null) => TransitionAsync(id, """
        UPDATE jobs SET state = 'running', attempts = attempts + 1, fence = fence + 1, started_at = now(), progress = 0, loss = NULL, error = NULL,
                        worker = @worker,
                        resumed_from_epoch = (SELECT epoch FROM job_checkpoints WHERE job_id = @id),
                        epoch = COALESCE((SELECT epoch FROM job_checkpoints WHERE job_id = @id), 0)
        WHERE id = @id AND state IN ('queued', 'running') AND attempts < @maxAttempts AND (@after::integer IS NULL OR fence = @after)
        """, null, cancellationToken, command =>
        {
            command.Parameters.AddWithValue("worker", NpgsqlDbType.Text, (object?)worker ?? DBNull.Value);
            command.Parameters.AddWithValue("maxAttempts", maxAttempts);
            command.Parameters.AddWithValue("after", NpgsqlDbType.Integer, (object?)after ?? DBNull.Value);
        });

    /// <summary>Writes the running attempt's progress; false (nothing written) when <paramref name="fence"/> no longer holds the job.</summary>
    public async Task<bool> ReportProgressAsync(Guid id, int fence, double progress, int epoch, double? loss, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE jobs SET progress = @progress, epoch = @epoch, loss = @loss WHERE id = @id AND state = 'running' AND fence = @fence
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("fence", fence);
        command.Parameters.AddWithValue("progress", (float)progress);
        command.Parameters.AddWithValue("epoch", epoch);
        command.Parameters.AddWithValue("loss", NpgsqlDbType.Double, loss is { } l && double.IsFinite(l) ? l : DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Ends a queued or running job as failed and drops its checkpoint.</summary>
    /// <param name="fence">When given, only the attempt holding that fence may fail the job (a later one may hold it by now).</param>
    public Task<JobRecord?> FailAsync(Guid id, string error, CancellationToken cancellationToken = default, int? fence = null) =>
        EndAsync(id, """
        UPDATE jobs SET state = 'failed', error = @error, finished_at = now()
        WHERE id = @id AND state IN ('queued', 'running') AND (@fence::integer IS NULL OR fence = @fence)
        """, error, fence, cancellationToken);

    /// <summary>Cancels a queued or running job and drops its checkpoint; null when it had already ended (or does not exist).</summary>
    public Task<JobRecord?> CancelAsync(Guid id, CancellationToken cancellationToken = default) => EndAsync(id, """
        UPDATE jobs SET state = 'cancelled', finished_at = now() WHERE id = @id AND state IN ('queued', 'running')
        """, null, null, cancellationToken);

    /// <summary>
    /// Deletes queued jobs that were never handed to Hangfire (their POST failed after the insert, so the client saw
    /// an error and knows no id): one job when <paramref name="id"/> is given, else every such job older than
    /// <paramref name="olderThan"/> (a POST still under way has not set its background job yet). Returns how many.
    /// </summary>
    public async Task<int> DeleteNeverQueuedAsync(Guid? id, TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM jobs
            WHERE state = 'queued' AND background_job_id IS NULL AND attempts = 0 AND fence = 0
              AND (@id::uuid IS NULL OR id = @id) AND created_at < now() - @olderThan
            """);
        command.Parameters.AddWithValue("id", NpgsqlDbType.Uuid, (object?)id ?? DBNull.Value);
        command.Parameters.AddWithValue("olderThan", olderThan);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The Hangfire job that runs this job, if it was queued.</summary>
    public async Task<string?> GetBackgroundJobIdAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT background_job_id FROM jobs WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// Hands a running job back to the queue (the process is shutting down); its next attempt resumes from its
    /// checkpoint. The attempt is given back: a restart is not a failure and must not use up MaxAttempts. Only the
    /// attempt holding <paramref name="fence"/> may do so.
    /// </summary>
    public Task<JobRecord?> RequeueAsync(Guid id, int fence, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, """
        UPDATE jobs SET state = 'queued', progress = 0, attempts = attempts - 1
        WHERE id = @id AND state = 'running' AND fence = @fence
        """, null, cancellationToken, command => command.Parameters.AddWithValue("fence", fence));

    /// <summary>
    /// Puts a running job back to queued with the reason while its worker waits to try again after a transient
    /// fault (the attempt counts: a fault is a failure); only the attempt holding <paramref name="fence"/> may do so.
    /// </summary>
    public Task<JobRecord?> RetryLaterAsync(Guid id, int fence, string reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, """
        UPDATE jobs SET state = 'queued', progress = 0, error = @error WHERE id = @id AND state = 'running' AND fence = @fence
        """, reason, cancellationToken, command => command.Parameters.AddWithValue("fence", fence));

    /// <summary>The attempt found its checkpoint unusable and starts afresh: it resumes from nothing after all.</summary>
    public async Task ForgetResumeAsync(Guid id, int fence, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE jobs SET resumed_from_epoch = NULL, epoch = 0 WHERE id = @id AND fence = @fence
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("fence", fence);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <param name="ending">The update ends the job: its checkpoint goes in the same statement, so nothing can resume a job that has ended.</param>
    private async Task<JobRecord?> TransitionAsync(Guid id, string update, string? error, CancellationToken cancellationToken,
        Action<NpgsqlCommand>? parameters = null, bool ending = false)
    {
        await using var command = dataSource.CreateCommand(ending ? $"""
            WITH ended AS ({update} RETURNING {SelectColumns}),
                 dropped AS (DELETE FROM job_checkpoints WHERE job_id IN (SELECT id FROM ended))
            SELECT * FROM ended
            """ : $"{update} RETURNING {SelectColumns}");
        command.Parameters.AddWithValue("id", id);
        if (error is not null) command.Parameters.AddWithValue("error", error);
        parameters?.Invoke(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private Task<JobRecord?> EndAsync(Guid id, string update, string? error, int? fence, CancellationToken cancellationToken) =>
        TransitionAsync(id, update, error, cancellationToken,
            command => command.Parameters.AddWithValue("fence", NpgsqlDbType.Integer, (object?)fence ?? DBNull.Value), ending: true);

    internal static JobRecord Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFloat(4),
        reader.GetInt32(5),
        reader.GetInt32(6),
        reader.IsDBNull(7) ? null : reader.GetDouble(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.GetInt32(9),
        reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
        reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
        reader.IsDBNull(13) ? null : reader.GetString(13),
        reader.IsDBNull(14) ? null : reader.GetInt32(14),
        reader.GetInt32(15),
        reader.GetString(16),
        reader.IsDBNull(17) ? null : reader.GetGuid(17));
}
