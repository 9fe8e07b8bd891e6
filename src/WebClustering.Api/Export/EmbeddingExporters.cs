using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Export;

/// <summary>
/// Writers for bulk exports. Each consumes the embeddings as a stream, in row order, and writes as it goes, so
/// memory stays flat however large the job is.
/// </summary>
public static class EmbeddingExporters
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>
    /// A zip (entries stored, not compressed) of <c>vectors.npy</c> (float32, items x latent size),
    /// <c>clusters.npy</c> (int32, items) and <c>ids.txt</c> (one id per line, in the same order). Each entry is a
    /// pass over the data, since a zip entry must be written whole before the next begins.
    /// </summary>
    public static async Task WriteNpyZipAsync(Stream output, Func<IAsyncEnumerable<EmbeddingRecord>> rows, int count, int dims,
        CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await using (var vectors = zip.CreateEntry("vectors.npy", CompressionLevel.NoCompression).Open())
        {
            vectors.Write(NpyHeader.Create("<f4", count, dims));
            var buffer = new byte[64 * 1024];
            int used = 0;
            await foreach (var row in rows().WithCancellation(cancellationToken))
            {
                var bytes = MemoryMarshal.AsBytes(row.Latent.AsSpan());
                if (used + bytes.Length > buffer.Length) { vectors.Write(buffer, 0, used); used = 0; }
                bytes.CopyTo(buffer.AsSpan(used));
                used += bytes.Length;
            }
            vectors.Write(buffer, 0, used);
        }
        await using (var clusters = zip.CreateEntry("clusters.npy", CompressionLevel.NoCompression).Open())
        {
            clusters.Write(NpyHeader.Create("<i4", count));
            var value = new byte[4];
            await foreach (var row in rows().WithCancellation(cancellationToken))
            {
                BinaryPrimitives.WriteInt32LittleEndian(value, row.Cluster);
                clusters.Write(value);
            }
        }
        await using var ids = new StreamWriter(zip.CreateEntry("ids.txt", CompressionLevel.NoCompression).Open(), Utf8, 64 * 1024);
        await foreach (var row in rows().WithCancellation(cancellationToken))
            ids.Write(row.ItemId.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r") + "\n");
    }

    /// <summary>CSV: item_id, cluster, v0 .. v{n-1}; ids quoted as RFC 4180 asks when they need it.</summary>
    public static async Task WriteCsvAsync(Stream output, IAsyncEnumerable<EmbeddingRecord> rows, int dims, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, Utf8, 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync("item_id,cluster," + string.Join(',', Enumerable.Range(0, dims).Select(d => $"v{d}")));
        var line = new StringBuilder();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            line.Clear().Append(Quote(row.ItemId)).Append(',').Append(row.Cluster.ToString(CultureInfo.InvariantCulture));
            foreach (var value in row.Latent) line.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
            await writer.WriteLineAsync(line, cancellationToken);
        }
    }

    /// <summary>JSON Lines: one {"itemId", "cluster", "vector"} object per line.</summary>
    public static async Task WriteJsonLinesAsync(Stream output, IAsyncEnumerable<EmbeddingRecord> rows, CancellationToken cancellationToken)
    {
        var newline = "\n"u8.ToArray();
        await using var json = new Utf8JsonWriter(output);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteString("itemId", row.ItemId);
            json.WriteNumber("cluster", row.Cluster);
            json.WriteStartArray("vector");
            foreach (var value in row.Latent) json.WriteNumberValue(value);
            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
            json.Reset();
            await output.WriteAsync(newline, cancellationToken);
        }
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
