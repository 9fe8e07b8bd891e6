using System.Buffers.Binary;
using System.Buffers;
using System.Numerics;
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
/// <remarks>
/// The body is laid out while the request is at hand, in one pooled buffer that <see cref="ExecuteAsync"/> hands to
/// Kestrel in one write (writing it in pieces took Kestrel's response lock once a piece, contended by the socket
/// sender) and then returns to the pool. It holds 4 (d + 1) bytes an item plus the ids: about 1.4 MB for 10,000 ids of 32 dimensions.
/// </remarks>
public sealed class BinaryEmbeddingBatch : IResult
{
    public const string MediaType = "application/octet-stream";
    public const int HeaderBytes = 16;
    public const string Description = "With Accept: application/octet-stream (little-endian): \"WCE1\", int32 n (items found), int32 d (latent size), " +
        "int32 m (ids not found), int32[n] clusters, float32[n*d] vectors row by row, then n+m ids (the found in order, then the missing), " +
        "each an int32 byte count and that many UTF-8 bytes.";
    private static ReadOnlySpan<byte> Magic => "WCE1"u8;

    private readonly byte[] body;
    private readonly int length;

    private BinaryEmbeddingBatch(byte[] body, int length) => (this.body, this.length) = (body, length);

    /// <summary>Whether the client asked for this format: its Accept header names application/octet-stream.</summary>
    public static bool IsWanted(HttpRequest request) =>
        request.Headers.Accept.Count > 0 && request.GetTypedHeaders().Accept.Any(type => type.MediaType == MediaType && type.Quality is not <= 0);

    /// <summary>Looks the ids up and lays the answer out.</summary>
    internal static BinaryEmbeddingBatch Create(VectorIndex index, BatchRequestBody request)
    {
        var found = ArrayPool<int>.Shared.Rent(2 * request.Count); // row, then the id's position in the request
        try
        {
            var (count, missing) = UniqueRows(index, request, found);
            long idBytes = 0;
            for (int f = 0; f < count; f++) idBytes += 4 + request.Utf8Length(found[2 * f + 1]);
            foreach (var id in missing) idBytes += 4 + Encoding.UTF8.GetByteCount(id);
            int length = checked((int)(HeaderBytes + 4L * count * (1 + index.Dims) + idBytes));
            var body = ArrayPool<byte>.Shared.Rent(length);
            Fill(body.AsSpan(0, length), index, request, found, count, missing);
            return new BinaryEmbeddingBatch(body, length);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(found);
        }
    }

    public async Task ExecuteAsync(HttpContext context)
    {
        try
        {
            var response = context.Response;
            response.ContentType = MediaType;
            response.ContentLength = length;
            await response.BodyWriter.WriteAsync(body.AsMemory(0, length), context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>
    /// The rows of the ids asked for, in order and each once, with where each was asked, and the ids the job does not
    /// know. Repeats are recognised by row in a small open-addressing set rather than by hashing the id again.
    /// </summary>
    private static (int Count, List<string> Missing) UniqueRows(VectorIndex index, BatchRequestBody request, int[] found)
    {
        int bits = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)(2 * request.Count))), size = 1 << bits;
        var seen = ArrayPool<int>.Shared.Rent(size);
        seen.AsSpan(0, size).Fill(-1);
        int count = 0;
        var missing = new List<string>();
        HashSet<string>? missingSeen = null;
        var rows = ArrayPool<int>.Shared.Rent(request.Count);
        request.RowsIn(index, rows);
        for (int i = 0; i < request.Count; i++)
        {
            int row = rows[i];
            if (row < 0)
            {
                var itemId = request.Id(i);
                if ((missingSeen ??= new(StringComparer.Ordinal)).Add(itemId)) missing.Add(itemId);
                continue;
            }
            int slot = (int)(((uint)row * 2654435769u) >> (32 - bits)); // Fibonacci hashing: the product's top bits
            while (seen[slot] != -1 && seen[slot] != row) slot = (slot + 1) & (size - 1);
            if (seen[slot] == row) continue;
            seen[slot] = row;
            index.Prefetch(row); // the vector arrives while the rest are looked up
            (found[2 * count], found[2 * count + 1]) = (row, i);
            count++;
        }
        ArrayPool<int>.Shared.Return(seen);
        ArrayPool<int>.Shared.Return(rows);
        return (count, missing);
    }

    private static void Fill(Span<byte> body, VectorIndex index, BatchRequestBody request, int[] found, int count, List<string> missing)
    {
        Magic.CopyTo(body);
        BinaryPrimitives.WriteInt32LittleEndian(body[4..], count);
        BinaryPrimitives.WriteInt32LittleEndian(body[8..], index.Dims);
        BinaryPrimitives.WriteInt32LittleEndian(body[12..], missing.Count);
        int at = HeaderBytes;
        for (int f = 0; f < count; f++, at += 4) BinaryPrimitives.WriteInt32LittleEndian(body[at..], index.Clusters[found[2 * f]]);
        for (int f = 0; f < count; f++, at += 4 * index.Dims) WriteVector(body.Slice(at, 4 * index.Dims), index.Vector(found[2 * f]));
        // A found id is written as the request spelt it, which is the stored id: the job's strings stay untouched.
        for (int f = 0; f < count; f++) at += WriteId(body[at..], request.CopyUtf8(found[2 * f + 1], body[(at + 4)..]));
        foreach (var id in missing) at += WriteId(body[at..], Encoding.UTF8.GetBytes(id, body[(at + 4)..]));
    }

    /// <summary>Writes the byte count in front of the <paramref name="bytes"/> already written after it.</summary>
    private static int WriteId(Span<byte> span, int bytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span, bytes);
        return 4 + bytes;
    }

    private static void WriteVector(Span<byte> span, ReadOnlySpan<float> vector)
    {
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(vector).CopyTo(span);
        else for (int i = 0; i < vector.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(4 * i)..], vector[i]);
    }
}
