using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Text;
using WebClustering.Core.Search;

namespace WebClustering.Api.Serving;

/// <summary>
/// A batch read in binary, for clients that send <c>Accept: application/octet-stream</c>: floats are copied, not
/// formatted as text. Little-endian, 4-byte aligned so that every block can be viewed in place (numpy.frombuffer):
/// <code>
/// bytes 0-3        "WCE1"
/// int32            n, items found (in the order asked for, each once)
/// int32            d, the latent size
/// int32            m, ids not found
/// int32[n]         the items' clusters
/// float32[n * d]   the items' vectors, row by row
/// n + m ids        each an int32 byte count and that many UTF-8 bytes: the n found, then the m missing
/// </code>
/// </summary>
public sealed class BinaryEmbeddingBatch(VectorIndex index, IReadOnlyList<int> rows, IReadOnlyList<string> missing) : IResult
{
    public const string MediaType = "application/octet-stream";
    public const int HeaderBytes = 16;
    public const string Description = "With Accept: application/octet-stream (little-endian): \"WCE1\", int32 n (items found), int32 d (latent size), " +
        "int32 m (ids not found), int32[n] clusters, float32[n*d] vectors row by row, then n+m ids (the found in order, then the missing), " +
        "each an int32 byte count and that many UTF-8 bytes.";
    private static ReadOnlySpan<byte> Magic => "WCE1"u8;

    /// <summary>Whether the client asked for this format: its Accept header names application/octet-stream.</summary>
    public static bool IsWanted(HttpRequest request) =>
        request.Headers.Accept.Count > 0 && request.GetTypedHeaders().Accept.Any(type => type.MediaType == MediaType && type.Quality is not <= 0);

    public async Task ExecuteAsync(HttpContext context)
    {
        var foundIds = rows.Select(row => index.ItemIds[row]).ToArray();
        var idBytes = foundIds.Concat(missing).Select(Encoding.UTF8.GetByteCount).ToArray();
        var response = context.Response;
        response.ContentType = MediaType;
        response.ContentLength = HeaderBytes + 4L * rows.Count * (1 + index.Dims) + 4L * idBytes.Length + idBytes.Sum(n => (long)n);

        // Written through a buffer of its own in large pieces: each write to Kestrel's response takes a lock, and
        // a write per row or id cost more than the data itself.
        using var output = new ChunkedOutput(response.BodyWriter, context.RequestAborted);
        var header = await output.ReserveAsync(HeaderBytes);
        Magic.CopyTo(header.Span);
        BinaryPrimitives.WriteInt32LittleEndian(header.Span[4..], rows.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header.Span[8..], index.Dims);
        BinaryPrimitives.WriteInt32LittleEndian(header.Span[12..], missing.Count);
        foreach (var row in rows) BinaryPrimitives.WriteInt32LittleEndian((await output.ReserveAsync(4)).Span, index.Clusters[row]);
        foreach (var row in rows) WriteVector((await output.ReserveAsync(4 * index.Dims)).Span, index.Vector(row));
        for (int i = 0; i < idBytes.Length; i++)
        {
            var span = (await output.ReserveAsync(4 + idBytes[i])).Span;
            BinaryPrimitives.WriteInt32LittleEndian(span, idBytes[i]);
            Encoding.UTF8.GetBytes(i < foundIds.Length ? foundIds[i] : missing[i - foundIds.Length], span[4..]);
        }
        await output.FlushAsync();
    }

    private static void WriteVector(Span<byte> span, ReadOnlySpan<float> vector)
    {
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(vector).CopyTo(span);
        else for (int i = 0; i < vector.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(4 * i)..], vector[i]);
    }
}
