using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Jobs;

/// <summary>What is stored of one approximate-search index: its size, and how long the job took to build it.</summary>
public sealed record VectorIndexInfo(string Metric, int ItemCount, int Dims, long ByteCount, int ChunkCount, double BuildSeconds);

/// <summary>
/// A job's serialized approximate-search indexes (one per metric), opaque bytes to this store, in chunks of
/// <see cref="ChunkBytes"/> (a bytea holds at most 1 GB; an index of 5,000,000 x 32 is about 1.5 GB). Written by the
/// job's attempt under its fence, read back in order by any API process.
/// </summary>
public sealed class VectorIndexStore(NpgsqlDataSource dataSource)
{
    /// <summary>64 MiB: few rows, and a chunk in flight costs little memory on either side.</summary>
    public const int ChunkBytes = 64 << 20;

    /// <summary>
    /// Replaces the job's index for <paramref name="metric"/> with the <paramref name="length"/> bytes of
    /// <paramref name="source"/>, by binary COPY of chunks, in one transaction. Returns false (and writes nothing)
    /// when the job is no longer running under <paramref name="fence"/> (null: any running attempt).
    /// </summary>
    public async Task<bool> WriteAsync(Guid jobId, int? fence, string metric, int itemCount, int dims, Stream source, long length,
        double buildSeconds, CancellationToken cancellationToken = default, int chunkBytes = ChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int chunks = (int)((length + chunkBytes - 1) / chunkBytes);
        await using (var holder = new NpgsqlCommand("""
            SELECT 1 FROM jobs WHERE id = @id AND state = 'running' AND (@fence::integer IS NULL OR fence = @fence) FOR SHARE
            """, connection, transaction))
        {
            holder.Parameters.AddWithValue("id", jobId);
            holder.Parameters.AddWithValue("fence", NpgsqlDbType.Integer, (object?)fence ?? DBNull.Value);
            if (await holder.ExecuteScalarAsync(cancellationToken) is null) return false;
        }
        // A replaced index's chunks go with its header row (ON DELETE CASCADE) before the new ones arrive.
        await using (var header = new NpgsqlBatch(connection, transaction))
        {
            header.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM job_vector_indexes WHERE job_id = @id AND metric = @metric"));
            header.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO job_vector_indexes (job_id, metric, item_count, dims, byte_count, chunk_count, build_seconds)
                VALUES (@id, @metric, @items, @dims, @bytes, @chunks, @seconds)
                """));
            foreach (NpgsqlBatchCommand command in header.BatchCommands)
            {
                command.Parameters.AddWithValue("id", jobId);
                command.Parameters.AddWithValue("metric", metric);
            }
            var insert = header.BatchCommands[1].Parameters;
            insert.AddWithValue("items", itemCount);
            insert.AddWithValue("dims", dims);
            insert.AddWithValue("bytes", length);
            insert.AddWithValue("chunks", chunks);
            insert.AddWithValue("seconds", buildSeconds);
            await header.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY job_vector_index_chunks (job_id, metric, chunk_no, bytes) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            writer.Timeout = TimeSpan.Zero; // a gigabyte index: the token ends a stuck write, not the 30 s command timeout
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                var bytes = new byte[(int)Math.Min(chunkBytes, length - (long)chunk * chunkBytes)];
                await source.ReadExactlyAsync(bytes, cancellationToken);
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(jobId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(metric, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(chunk, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(bytes, NpgsqlDbType.Bytea, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The job's index for <paramref name="metric"/>, or null when it has none.</summary>
    public async Task<VectorIndexInfo?> GetInfoAsync(Guid jobId, string metric, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT item_count, dims, byte_count, chunk_count, build_seconds FROM job_vector_indexes WHERE job_id = @id AND metric = @metric
            """);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("metric", metric);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new VectorIndexInfo(metric, reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetDouble(4));
    }

    /// <summary>
    /// Copies the stored bytes of the index, chunk after chunk, into <paramref name="destination"/> (which the caller
    /// sized from <see cref="GetInfoAsync"/>); streamed, so no chunk is held whole in managed memory. Returns the
    /// bytes copied: less than the info says only if the index was replaced or deleted meanwhile.
    /// </summary>
    public async Task<long> ReadAsync(Guid jobId, string metric, Stream destination, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT bytes FROM job_vector_index_chunks WHERE job_id = @id AND metric = @metric ORDER BY chunk_no
            """);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("metric", metric);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        long copied = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            await using var bytes = await reader.GetStreamAsync(0, cancellationToken);
            long before = destination.Position;
            await bytes.CopyToAsync(destination, 1 << 20, cancellationToken);
            copied += destination.Position - before;
        }
        return copied;
    }
}
