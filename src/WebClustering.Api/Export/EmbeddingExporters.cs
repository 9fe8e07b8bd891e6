using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Export;

/// <summary>
/// Writers for bulk exports. Each consumes the embeddings a chunk of rows at a time (see <see cref="EmbeddingChunk"/>)
/// and writes as it goes, so memory stays flat however large the job is.
/// </summary>
public static class EmbeddingExporters
{
    private static readonly UTF8Encoding Utf8 = new(false);

    public delegate IAsyncEnumerable<EmbeddingChunk> ChunkSource(EmbeddingParts parts);

    /// <summary>
    /// A zip (entries stored, not compressed) of <c>vectors.npy</c> (float32, items x latent size),
    /// <c>clusters.npy</c> (int32, items) and <c>ids.txt</c> (one id per line, in the same order). Each entry is one
    /// pass over the chunks, since a zip entry must be written whole before the next begins; the bytes are stored
    /// in the chunks exactly as these files hold them.
    /// </summary>
    public static async Task WriteNpyZipAsync(Stream output, ChunkSource chunks, int count, int dims, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await WriteEntryAsync(zip, "vectors.npy", NpyExportHeader.Create("<f4", count, dims), chunks(EmbeddingParts.Vectors), c => c.Vectors, cancellationToken);
        await WriteEntryAsync(zip, "clusters.npy", NpyExportHeader.Create("<i4", count), chunks(EmbeddingParts.Clusters), c => c.Clusters, cancellationToken);
        await WriteEntryAsync(zip, "ids.txt", [], chunks(EmbeddingParts.ItemIds), c => c.ItemIds, cancellationToken);
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string name, byte[] header, IAsyncEnumerable<EmbeddingChunk> chunks,
        Func<EmbeddingChunk, byte[]> part, CancellationToken cancellationToken)
    {
        await using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        entry.Write(header);
        await foreach (var chunk in chunks.WithCancellation(cancellationToken)) entry.Write(part(chunk));
    }

    /// <summary>CSV: item_id, cluster, v0 .. v{n-1}; ids quoted as RFC 4180 asks when they need it.</summary>
    public static async Task WriteCsvAsync(Stream output, IAsyncEnumerable<EmbeddingChunk> chunks, int dims, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, Utf8, 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync("item_id,cluster," + string.Join(',', Enumerable.Range(0, dims).Select(d => $"v{d}")));
        var text = new StringBuilder();
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            text.Clear();
            var ids = chunk.DecodeItemIds();
            for (int r = 0; r < chunk.Rows; r++)
            {
                text.Append(Quote(ids[r])).Append(',').Append(chunk.ClusterValues[r].ToString(CultureInfo.InvariantCulture));
                foreach (var value in chunk.VectorValues.Slice(r * dims, dims)) text.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
                text.Append('\n');
            }
            await writer.WriteAsync(text, cancellationToken);
        }
    }

    /// <summary>JSON Lines: one {"itemId", "cluster", "vector"} object per line.</summary>
    public static async Task WriteJsonLinesAsync(Stream output, IAsyncEnumerable<EmbeddingChunk> chunks, int dims, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            buffer.SetLength(0);
            WriteJsonLines(buffer, chunk, dims);
            buffer.Position = 0;
            await buffer.CopyToAsync(output, cancellationToken);
        }
    }

    private static void WriteJsonLines(MemoryStream buffer, EmbeddingChunk chunk, int dims)
    {
        var ids = chunk.DecodeItemIds();
        using var json = new Utf8JsonWriter(buffer);
        for (int r = 0; r < chunk.Rows; r++)
        {
            json.WriteStartObject();
            json.WriteString("itemId", ids[r]);
            json.WriteNumber("cluster", chunk.ClusterValues[r]);
            json.WriteStartArray("vector");
            foreach (var value in chunk.VectorValues.Slice(r * dims, dims)) json.WriteNumberValue(value);
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            buffer.WriteByte((byte)'\n');
        }
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
