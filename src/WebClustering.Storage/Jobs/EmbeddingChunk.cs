using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace WebClustering.Storage.Jobs;

/// <summary>
/// Consecutive rows of a job's embeddings as raw bytes: vectors (float32, row-major), clusters (int32) and ids
/// (UTF-8, one per line, with backslash, CR and LF escaped as \\, \r, \n). Columns a reader did not ask for are empty.
/// </summary>
public sealed record EmbeddingChunk(int FirstRow, int Rows, int Dims, byte[] Vectors, byte[] Clusters, byte[] ItemIds)
{
    public const int RowsPerChunk = 4096;

    public ReadOnlySpan<float> VectorValues => MemoryMarshal.Cast<byte, float>(Vectors);
    public ReadOnlySpan<int> ClusterValues => MemoryMarshal.Cast<byte, int>(Clusters);

    public string[] DecodeItemIds()
    {
        var lines = Encoding.UTF8.GetString(ItemIds).Split('\n');
        var ids = new string[Rows];
        for (int i = 0; i < Rows; i++) ids[i] = Unescape(lines[i]);
        return ids;
    }

    /// <summary>
    /// Rows [<paramref name="firstRow"/>, + <paramref name="rows"/>) of a job's results as a chunk's three columns,
    /// into buffers the caller reuses from chunk to chunk (thousands of chunks for millions of rows).
    /// </summary>
    public static (ReadOnlyMemory<byte> Vectors, ReadOnlyMemory<byte> Clusters, ReadOnlyMemory<byte> ItemIds) Encode(
        JobResults results, int firstRow, int rows, ChunkBuffers buffers)
    {
        int dims = results.Latent.Cols;
        var vectors = buffers.Vectors.AsMemory(0, rows * dims * sizeof(float));
        results.Latent.Read(firstRow, rows, MemoryMarshal.Cast<byte, float>(vectors.Span));
        var clusters = buffers.Clusters.AsMemory(0, rows * sizeof(int));
        MemoryMarshal.AsBytes(results.Clusters.AsSpan(firstRow, rows)).CopyTo(clusters.Span);
        buffers.Ids.ResetWrittenCount();
        for (int i = firstRow; i < firstRow + rows; i++)
        {
            var id = Escape(results.ItemIds[i]);
            int length = Encoding.UTF8.GetBytes(id, buffers.Ids.GetSpan(Encoding.UTF8.GetMaxByteCount(id.Length) + 1));
            buffers.Ids.Advance(length);
            buffers.Ids.GetSpan(1)[0] = (byte)'\n';
            buffers.Ids.Advance(1);
        }
        return (vectors, clusters, buffers.Ids.WrittenMemory);
    }

    public static string Escape(string id) =>
        id.AsSpan().IndexOfAny('\\', '\n', '\r') < 0 ? id : id.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string line)
    {
        if (!line.Contains('\\')) return line;
        var text = new StringBuilder(line.Length);
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] != '\\' || i + 1 == line.Length) { text.Append(line[i]); continue; }
            char next = line[++i];
            text.Append(next switch { 'n' => '\n', 'r' => '\r', _ => next });
        }
        return text.ToString();
    }
}

/// <summary>The buffers <see cref="EmbeddingChunk.Encode"/> writes a chunk into, reused from one chunk to the next.</summary>
public sealed class ChunkBuffers(int dims)
{
    public byte[] Vectors { get; } = new byte[EmbeddingChunk.RowsPerChunk * dims * sizeof(float)];
    public byte[] Clusters { get; } = new byte[EmbeddingChunk.RowsPerChunk * sizeof(int)];
    public ArrayBufferWriter<byte> Ids { get; } = new(64 * 1024);
}
