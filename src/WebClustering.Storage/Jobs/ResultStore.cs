using Npgsql;
using NpgsqlTypes;

namespace WebClustering.Storage.Jobs;

/// <summary>Writes the outputs of a finished job, all at once, and registers its model under its name's next version.</summary>
public sealed class ResultStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Writes every result, registers the model (training jobs only: an encoding job registers none), marks the job
    /// succeeded and drops its checkpoint in one transaction. Returns false (and writes nothing) when the job is no longer running, e.g. it was cancelled or
    /// deleted while it trained, or no longer under <paramref name="fence"/> (another worker took it over).
    /// </summary>
    /// <param name="plots">PNG plots of the results, stored with them (none when null).</param>
    /// <param name="fence">When given, only the attempt holding that fence may complete the job.</param>
    public async Task<bool> CompleteAsync(Guid jobId, JobResults results, CancellationToken cancellationToken = default,
        IReadOnlyList<JobPlot>? plots = null, int? fence = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ModelNames.LockAsync(connection, transaction, jobId, cancellationToken);
        await using (var finish = new NpgsqlCommand($"""
            WITH finished AS (
                UPDATE jobs SET state = 'succeeded', progress = 1, finished_at = now(), loss = @loss
                WHERE id = @id AND state = 'running' AND (@fence::integer IS NULL OR fence = @fence)
                RETURNING id, dataset_id, tenant_id, config, kind
            ),
            dropped AS (DELETE FROM job_checkpoints WHERE job_id IN (SELECT id FROM finished)),
            named AS (SELECT f.*, {ModelNames.NameOfJob("f.config", "d.name")} AS name FROM finished f JOIN datasets d ON d.id = f.dataset_id),
            registered AS (
                INSERT INTO models (id, job_id, dataset_id, tenant_id, name, version, parent_id)
                SELECT @modelId, n.id, n.dataset_id, n.tenant_id, n.name,
                       COALESCE((SELECT max(version) FROM models WHERE tenant_id = n.tenant_id AND name = n.name), 0) + 1,
                       (SELECT p.id FROM models p WHERE p.id = (n.config -> 'training' ->> 'initFrom')::uuid)
                FROM named n WHERE n.kind = 'training'
            )
            SELECT count(*) FROM finished
            """, connection, transaction))
        {
            finish.Parameters.AddWithValue("id", jobId);
            finish.Parameters.AddWithValue("fence", NpgsqlDbType.Integer, (object?)fence ?? DBNull.Value);
            finish.Parameters.AddWithValue("modelId", Guid.CreateVersion7());
            finish.Parameters.AddWithValue("loss", NpgsqlDbType.Double,
                results.EpochLosses.Length > 0 ? results.EpochLosses[^1] : DBNull.Value);
            if ((long)(await finish.ExecuteScalarAsync(cancellationToken))! == 0) return false;
        }

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO job_results (job_id, k, latent_dim, item_count, centroids, cluster_sizes, metrics, epoch_losses, model, clustering_model, preprocessing)
            VALUES (@id, @k, @latentDim, @items, @centroids, @sizes, @metrics, @losses, @model, @clusteringModel, @preprocessing)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", jobId);
            insert.Parameters.AddWithValue("k", results.Centroids.Rows);
            insert.Parameters.AddWithValue("latentDim", results.Latent.Cols);
            insert.Parameters.AddWithValue("items", results.Latent.Rows);
            insert.Parameters.AddWithValue("centroids", results.Centroids.Values);
            insert.Parameters.AddWithValue("sizes", results.ClusterSizes);
            insert.Parameters.AddWithValue("metrics", NpgsqlDbType.Jsonb, results.MetricsJson);
            insert.Parameters.AddWithValue("losses", results.EpochLosses);
            insert.Parameters.AddWithValue("model", NpgsqlDbType.Bytea, (object?)results.Model ?? DBNull.Value);
            insert.Parameters.AddWithValue("clusteringModel", NpgsqlDbType.Jsonb, (object?)results.ClusteringModelJson ?? DBNull.Value);
            insert.Parameters.AddWithValue("preprocessing", NpgsqlDbType.Jsonb, (object?)results.PreprocessingJson ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY job_embeddings (job_id, row_index, item_id, cluster, latent, reconstruction_error) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            // Millions of rows take minutes, most of them in the server once the last row is sent (index upkeep):
            // the token ends a stuck write, not the connection's 30 s command timeout (which failed a 5,000,000-row job).
            writer.Timeout = TimeSpan.Zero;
            // A range of vectors at a time: a streamed job's are in a file, not in memory.
            int dims = results.Latent.Cols, rows = results.Latent.Rows;
            var range = new float[Math.Min(rows, EmbeddingChunk.RowsPerChunk) * dims];
            for (int first = 0; first < rows; first += EmbeddingChunk.RowsPerChunk)
            {
                int count = Math.Min(EmbeddingChunk.RowsPerChunk, rows - first);
                results.Latent.Read(first, count, range);
                for (int r = 0, i = first; r < count; r++, i++)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(jobId, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
                    await writer.WriteAsync(results.ItemIds[i], NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(results.Clusters[i], NpgsqlDbType.Integer, cancellationToken);
                    await writer.WriteAsync(range.AsSpan(r * dims, dims).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
                    await writer.WriteAsync(results.ReconstructionErrors[i], NpgsqlDbType.Real, cancellationToken);
                }
            }
            await writer.CompleteAsync(cancellationToken);
        }
        await WriteChunksAsync(connection, jobId, results, cancellationToken);
        if (plots is { Count: > 0 }) await PlotStore.WriteAsync(connection, transaction, jobId, plots, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Fresh statistics keep lookups by item id on the index even when this job made the table much larger.
        await using var analyze = new NpgsqlCommand("ANALYZE job_embeddings", connection) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync(CancellationToken.None);
        return true;
    }

    private static async Task WriteChunksAsync(NpgsqlConnection connection, Guid jobId, JobResults results, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY job_embedding_chunks (job_id, chunk, first_row, row_count, dims, vectors, clusters, item_ids) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        writer.Timeout = TimeSpan.Zero;
        var buffers = new ChunkBuffers(results.Latent.Cols);
        for (int first = 0, chunk = 0; first < results.Latent.Rows; first += EmbeddingChunk.RowsPerChunk, chunk++)
        {
            int rows = Math.Min(EmbeddingChunk.RowsPerChunk, results.Latent.Rows - first);
            var (vectors, clusters, ids) = EmbeddingChunk.Encode(results, first, rows, buffers);
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(jobId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(chunk, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(first, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(rows, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(results.Latent.Cols, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(vectors, NpgsqlDbType.Bytea, cancellationToken);
            await writer.WriteAsync(clusters, NpgsqlDbType.Bytea, cancellationToken);
            await writer.WriteAsync(ids, NpgsqlDbType.Bytea, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    public async Task<ClusterSummaryRecord?> GetClusterSummaryAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT k, latent_dim, item_count, centroids, cluster_sizes, metrics::text, epoch_losses FROM job_results WHERE job_id = @id
            """);
        command.Parameters.AddWithValue("id", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new ClusterSummaryRecord(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetFieldValue<float[]>(3),
            reader.GetFieldValue<int[]>(4), reader.GetString(5), reader.GetFieldValue<double[]>(6));
    }

    public async Task<byte[]?> GetModelAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT model FROM job_results WHERE job_id = @id");
        command.Parameters.AddWithValue("id", jobId);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }
}
