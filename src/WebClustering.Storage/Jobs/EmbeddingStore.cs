using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Jobs;

[Flags]
public enum EmbeddingParts { Vectors = 1, Clusters = 2, ItemIds = 4, All = Vectors | Clusters | ItemIds }

/// <summary>Reads of a finished job's embeddings: pages, lookups by item id, anomalies and full streams.</summary>
public sealed class EmbeddingStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "row_index, item_id, cluster, latent, reconstruction_error";

    /// <summary>
    /// A page in row order. Keyset pagination: rows after <paramref name="afterRow"/> (a cursor the previous page
    /// returned), so a deep page costs the same as the first. <paramref name="offset"/> is kept for simple clients.
    /// </summary>
    public async Task<IReadOnlyList<EmbeddingRecord>> GetPageAsync(Guid jobId, int? afterRow, int offset, int limit, int? cluster,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM job_embeddings
            WHERE job_id = @id AND row_index > @after AND (@cluster::integer IS NULL OR cluster = @cluster)
            ORDER BY row_index OFFSET @offset LIMIT @limit
            """);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("after", afterRow ?? -1);
        command.Parameters.AddWithValue("cluster", NpgsqlDbType.Integer, (object?)cluster ?? DBNull.Value);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAll(command, limit, cancellationToken);
    }

    /// <summary>The embeddings of the given items that exist, in no particular order.</summary>
    public async Task<IReadOnlyList<EmbeddingRecord>> GetByItemIdsAsync(Guid jobId, IReadOnlyCollection<string> itemIds,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM job_embeddings WHERE job_id = @id AND item_id = ANY(@ids)");
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("ids", itemIds.ToArray());
        return await ReadAll(command, itemIds.Count, cancellationToken);
    }

    /// <summary>The items the model reconstructs worst, worst first.</summary>
    public async Task<IReadOnlyList<EmbeddingRecord>> GetWorstReconstructedAsync(Guid jobId, int top, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM job_embeddings WHERE job_id = @id AND reconstruction_error IS NOT NULL
            ORDER BY reconstruction_error DESC, row_index LIMIT @top
            """);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("top", top);
        return await ReadAll(command, top, cancellationToken);
    }

    /// <summary>
    /// The job's embeddings in row order, a chunk of raw bytes at a time (only the parts asked for; the others come
    /// empty), so memory does not grow with the job and nothing is decoded row by row.
    /// </summary>
    public async IAsyncEnumerable<EmbeddingChunk> StreamChunksAsync(Guid jobId, EmbeddingParts parts,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string Column(EmbeddingParts part, string name) => parts.HasFlag(part) ? name : "''::bytea";
        await using var command = dataSource.CreateCommand($"""
            SELECT first_row, row_count, dims, {Column(EmbeddingParts.Vectors, "vectors")}, {Column(EmbeddingParts.Clusters, "clusters")},
                   {Column(EmbeddingParts.ItemIds, "item_ids")}
            FROM job_embedding_chunks WHERE job_id = @id ORDER BY chunk
            """);
        command.Parameters.AddWithValue("id", jobId);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return new EmbeddingChunk(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2),
                await reader.GetFieldValueAsync<byte[]>(3, cancellationToken), await reader.GetFieldValueAsync<byte[]>(4, cancellationToken),
                await reader.GetFieldValueAsync<byte[]>(5, cancellationToken));
    }

    private static async Task<IReadOnlyList<EmbeddingRecord>> ReadAll(NpgsqlCommand command, int capacity, CancellationToken cancellationToken)
    {
        var result = new List<EmbeddingRecord>(Math.Min(capacity, 10_000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new EmbeddingRecord(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2),
                reader.GetFieldValue<float[]>(3), reader.IsDBNull(4) ? null : reader.GetFloat(4)));
        return result;
    }
}
