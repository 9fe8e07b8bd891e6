using Parquet;
using Parquet.Schema;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Export;

/// <summary>
/// Parquet: columns item_id (string), cluster (int32) and v0 .. v{n-1} (float), one row per item. Rows are buffered
/// one row group at a time, so memory is bounded by the group size, not by the job.
/// </summary>
public static class ParquetExporter
{
    public const int RowGroupSize = 65_536;

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<EmbeddingChunk> chunks, int dims, CancellationToken cancellationToken)
    {
        var idField = new DataField<string>("item_id");
        var clusterField = new DataField<int>("cluster");
        var vectorFields = Enumerable.Range(0, dims).Select(d => new DataField<float>($"v{d}")).ToArray();
        var schema = new ParquetSchema([idField, clusterField, .. vectorFields]);

        var counting = new CountingStream(output);
        await using var writer = await ParquetWriter.CreateAsync(schema, counting, cancellationToken: cancellationToken);
        var ids = new List<string>(RowGroupSize);
        var clusters = new int[RowGroupSize];
        var columns = Enumerable.Range(0, dims).Select(_ => new float[RowGroupSize]).ToArray();

        async Task Flush()
        {
            if (ids.Count == 0) return;
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(idField, ids);
            await group.WriteAsync<int>(clusterField, clusters.AsMemory(0, ids.Count), cancellationToken: cancellationToken);
            for (int d = 0; d < dims; d++)
                await group.WriteAsync<float>(vectorFields[d], columns[d].AsMemory(0, ids.Count), cancellationToken: cancellationToken);
            group.CompleteValidate();
            ids.Clear();
        }

        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            var chunkIds = chunk.DecodeItemIds();
            for (int r = 0; r < chunk.Rows; r++)
            {
                int i = ids.Count;
                ids.Add(chunkIds[r]);
                clusters[i] = chunk.ClusterValues[r];
                for (int d = 0; d < dims; d++) columns[d][i] = chunk.VectorValues[r * dims + d];
                if (ids.Count == RowGroupSize) await Flush();
            }
        }
        await Flush();
    }
}
