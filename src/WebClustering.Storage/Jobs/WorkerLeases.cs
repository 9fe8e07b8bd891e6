using Npgsql;

namespace WebClustering.Storage.Jobs;

/// <summary>
/// A job that a worker fetched from Hangfire's queue and still holds there, with what tells whether that worker
/// lives: the age of its Hangfire server's heartbeat (null when it has no server row any more).
/// </summary>
/// <param name="FetchedAt">When the worker fetched it (or last kept it alive): the release only applies to this fetch.</param>
public sealed record WorkerLease(Guid JobId, string Worker, long QueueRowId, DateTimeOffset FetchedAt, TimeSpan? HeartbeatAge);

/// <summary>
/// Reads and releases the jobs that workers hold in Hangfire's queue (schema <c>hangfire</c>). Hangfire itself
/// gives a dead worker's job to another only after the invisibility timeout; releasing the queue row makes it
/// fetchable at once. The job's own row is untouched: the next worker's start takes it over under a new fence.
/// </summary>
public sealed class WorkerLeases(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Jobs still queued or running in the jobs table whose Hangfire queue row is held by a worker, fetched longer
    /// than <paramref name="fetchedBefore"/> ago: a fresh fetch belongs to a worker about to start the job.
    /// </summary>
    public async Task<IReadOnlyList<WorkerLease>> HeldAsync(TimeSpan fetchedBefore, CancellationToken cancellationToken = default)
    {
        // Hangfire names a server "<server name, lower case>:<pid>:<guid>"; the job records the server name.
        await using var command = dataSource.CreateCommand("""
            SELECT j.id, j.worker, q.id, q.fetchedat,
                   (SELECT extract(epoch FROM now() - max(s.lastheartbeat))::float8 FROM hangfire.server s
                    WHERE left(s.id, length(j.worker) + 1) = lower(j.worker) || ':')
            FROM jobs j
            JOIN hangfire.jobqueue q ON q.jobid::text = j.background_job_id
            WHERE j.state IN ('queued', 'running') AND j.worker IS NOT NULL
              AND q.fetchedat IS NOT NULL AND q.fetchedat < now() - @fetchedBefore
            """);
        command.Parameters.AddWithValue("fetchedBefore", fetchedBefore);
        var leases = new List<WorkerLease>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            leases.Add(new WorkerLease(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : TimeSpan.FromSeconds(reader.GetDouble(4))));
        return leases;
    }

    /// <summary>
    /// Makes the job fetchable by any worker now. Compares the fetch time, so a fetch made since the lease was read
    /// (another worker already taking the job) is left alone. Returns whether the row was released.
    /// </summary>
    public async Task<bool> ReleaseAsync(WorkerLease lease, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE hangfire.jobqueue SET fetchedat = NULL WHERE id = @id AND fetchedat = @fetchedAt
            """);
        command.Parameters.AddWithValue("id", lease.QueueRowId);
        command.Parameters.AddWithValue("fetchedAt", lease.FetchedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
