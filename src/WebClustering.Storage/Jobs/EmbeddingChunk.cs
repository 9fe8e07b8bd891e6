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

    public static EmbeddingChunk FromResults(JobResults results, int firstRow, int rows)
    {
        int dims = results.Latent.Cols;
        var vectors = new byte[rows * dims * sizeof(float)];
        results.Latent.Read(firstRow, rows, MemoryMarshal.Cast<byte, float>(vectors.AsSpan()));
        var clusters = MemoryMarshal.AsBytes(results.Clusters.AsSpan(firstRow, rows)).ToArray();
        var ids = new StringBuilder();
        for (int i = firstRow; i < firstRow + rows; i++) ids.Append(Escape(results.ItemIds[i])).Append('\n');
        return new EmbeddingChunk(firstRow, rows, dims, vectors, clusters, Encoding.UTF8.GetBytes(ids.ToString()));
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
