using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Jobs;

/// <summary>One stored progress event; <see cref="Seq"/> counts from 1 per job.</summary>
public sealed record JobEventRecord(int Seq, string Kind, string DataJson, DateTimeOffset CreatedAt);

/// <summary>
/// A job's progress events, kept so that a client that reconnects (SSE Last-Event-ID) reads what it missed.
/// One writer per job at a time (its worker), so the next number is simply one more than the largest.
/// </summary>
public sealed class JobEventStore(NpgsqlDataSource dataSource)
{
    /// <param name="fence">When given, the event is written only while the job runs under that fence (an attempt's
    /// progress); null appends regardless (state changes, which follow a fenced transition).</param>
    /// <returns>The event's number; null when <paramref name="fence"/> no longer holds the job.</returns>
    public async Task<int?> AppendAsync(Guid jobId, string kind, string dataJson, CancellationToken cancellationToken = default, int? fence = null)
    {
        // The primary key turns a race between two writers into an error rather than a reused number.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO job_events (job_id, seq, kind, data)
            SELECT @id, coalesce((SELECT max(seq) FROM job_events WHERE job_id = @id), 0) + 1, @kind, @data
            WHERE @fence::integer IS NULL OR EXISTS (SELECT 1 FROM jobs WHERE id = @id AND state = 'running' AND fence = @fence)
            RETURNING seq
            """);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("data", NpgsqlDbType.Jsonb, dataJson);
        command.Parameters.AddWithValue("fence", NpgsqlDbType.Integer, (object?)fence ?? DBNull.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is int seq ? seq : null;
    }

    /// <summary>Events with a number above <paramref name="afterSeq"/>, in order.</summary>
    public async Task<IReadOnlyList<JobEventRecord>> ReadAfterAsync(Guid jobId, int afterSeq, int limit = 1000,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT seq, kind, data::text, created_at FROM job_events
            WHERE job_id = @id AND seq > @after ORDER BY seq LIMIT @limit
            """);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("limit", limit);
        var events = new List<JobEventRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            events.Add(new JobEventRecord(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        return events;
    }
}
