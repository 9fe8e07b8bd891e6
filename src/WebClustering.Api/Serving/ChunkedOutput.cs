using System.Buffers;
using System.IO.Pipelines;

namespace WebClustering.Api.Serving;

/// <summary>
/// Gathers small pieces of a response body in a pooled 64 KiB buffer and hands them to the response a buffer at a
/// time (awaiting each, so a slow reader holds the writer back). <see cref="FlushAsync"/> writes what is left.
/// </summary>
internal sealed class ChunkedOutput(PipeWriter body, CancellationToken cancellationToken) : IDisposable
{
    private const int Size = 64 * 1024;

    private byte[] buffer = ArrayPool<byte>.Shared.Rent(Size);
    private int used;

    /// <summary>Room for the next <paramref name="bytes"/> bytes of the body, to be filled before the next call.</summary>
    public async ValueTask<Memory<byte>> ReserveAsync(int bytes)
    {
        if (used + bytes > buffer.Length)
        {
            await FlushAsync();
            if (bytes > buffer.Length) // a piece larger than the buffer (a very long id): a larger buffer for it
            {
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = ArrayPool<byte>.Shared.Rent(bytes);
            }
        }
        var room = buffer.AsMemory(used, bytes);
        used += bytes;
        return room;
    }

    public async ValueTask FlushAsync()
    {
        if (used == 0) return;
        await body.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
        used = 0;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}
