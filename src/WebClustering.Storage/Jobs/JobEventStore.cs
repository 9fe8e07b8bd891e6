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
    public async Task<int> AppendAsync(Guid jobId, string kind, string dataJson, CancellationToken cancellationToken = default)
    {
        // The primary key turns a race between two writers into an error rather than a reused number.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO job_events (job_id, seq, kind, data)
            SELECT @id, coalesce(max(seq), 0) + 1, @kind, @data FROM job_events WHERE job_id = @id
            RETURNING seq
            """);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("data", NpgsqlDbType.Jsonb, dataJson);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
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
