using System.Buffers.Binary;
using System.Buffers;
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
/// <remarks><paramref name="rows"/> is a pooled array, returned once the body is written; its first <paramref name="count"/> are the items.</remarks>
public sealed class BinaryEmbeddingBatch(VectorIndex index, int[] rows, int count, IReadOnlyList<string> missing) : IResult
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
        // The whole body (1.4 MB at most, for 10,000 ids) is laid out in one pooled buffer and handed to Kestrel in
        // one write: writing it in pieces took Kestrel's response lock once a piece, contended by the socket sender.
        int length = checked((int)BodyLength());
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Fill(buffer.AsSpan(0, length));
            var response = context.Response;
            response.ContentType = MediaType;
            response.ContentLength = length;
            await response.BodyWriter.WriteAsync(buffer.AsMemory(0, length), context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    private long BodyLength()
    {
        long ids = 0;
        foreach (int row in rows.AsSpan(0, count)) ids += 4 + Encoding.UTF8.GetByteCount(index.ItemIds[row]);
        foreach (var id in missing) ids += 4 + Encoding.UTF8.GetByteCount(id);
        return HeaderBytes + 4L * count * (1 + index.Dims) + ids;
    }

    private void Fill(Span<byte> body)
    {
        var found = rows.AsSpan(0, count);
        Magic.CopyTo(body);
        BinaryPrimitives.WriteInt32LittleEndian(body[4..], found.Length);
        BinaryPrimitives.WriteInt32LittleEndian(body[8..], index.Dims);
        BinaryPrimitives.WriteInt32LittleEndian(body[12..], missing.Count);
        int at = HeaderBytes;
        foreach (int row in found) { BinaryPrimitives.WriteInt32LittleEndian(body[at..], index.Clusters[row]); at += 4; }
        foreach (int row in found)
        {
            WriteVector(body.Slice(at, 4 * index.Dims), index.Vector(row));
            at += 4 * index.Dims;
        }
        foreach (int row in found) at += WriteId(body[at..], index.ItemIds[row]);
        foreach (var id in missing) at += WriteId(body[at..], id);
    }

    private static int WriteId(Span<byte> span, string id)
    {
        int bytes = Encoding.UTF8.GetBytes(id, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, bytes);
        return 4 + bytes;
    }

    private static void WriteVector(Span<byte> span, ReadOnlySpan<float> vector)
    {
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(vector).CopyTo(span);
        else for (int i = 0; i < vector.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(4 * i)..], vector[i]);
    }
}
