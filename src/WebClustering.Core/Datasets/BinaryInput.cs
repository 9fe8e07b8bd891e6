using System.Buffers.Binary;
using System.IO.Compression;

namespace WebClustering.Core.Datasets;

/// <summary>Reading helpers for the binary formats (IDX, NPY): optional gzip, headers, and size-checked payloads.</summary>
internal static class BinaryInput
{
    // A multiple of every element size (1, 4, 8 bytes), so no element straddles two chunks.
    private const int ChunkSize = 1 << 20;

    /// <summary>The stream itself, or a decompressing view of it when it starts with the gzip magic bytes 1f 8b.</summary>
    public static Stream MaybeGunzip(Stream stream, out bool gzipped)
    {
        var prefix = new byte[2];
        int read = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        var replayed = new PrefixedStream(prefix.AsMemory(0, read), stream);
        gzipped = read == 2 && prefix[0] == 0x1f && prefix[1] == 0x8b;
        return gzipped ? new GZipStream(replayed, CompressionMode.Decompress) : replayed;
    }

    /// <summary>Fills <paramref name="buffer"/> as far as the data goes; returns the bytes read.</summary>
    public static int ReadUpTo(Stream stream, Span<byte> buffer, string file)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(file, e);
        }
    }

    public static uint BigEndianUInt32(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt32BigEndian(bytes);

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes in chunks. Memory grows with the bytes actually present, so a
    /// header that claims a huge size cannot make us allocate it before the data is there.
    /// </summary>
    /// <param name="truncated">Builds the error for a stream that ends early, given the bytes that were there.</param>
    public static List<byte[]> ReadExactly(Stream stream, long count, string file,
        Func<long, DatasetFormatException> truncated, CancellationToken ct)
    {
        var chunks = new List<byte[]>();
        long total = 0;
        while (total < count)
        {
            ct.ThrowIfCancellationRequested();
            var chunk = new byte[(int)Math.Min(ChunkSize, count - total)];
            int read = ReadUpTo(stream, chunk, file);
            total += read;
            if (read < chunk.Length)
                throw truncated(total);
            chunks.Add(chunk);
        }
        return chunks;
    }

    /// <summary>True when the stream has any byte left: a file longer than its header says is not trusted either.</summary>
    public static bool HasMore(Stream stream, string file)
    {
        Span<byte> one = stackalloc byte[1];
        return ReadUpTo(stream, one, file) > 0;
    }

    private static DatasetFormatException Corrupt(string file, InvalidDataException e) =>
        new($"The {file} starts like a gzip file (bytes 1f 8b), but its compressed data is corrupt: {e.Message}", e);

    /// <summary>Replays the bytes already read for format detection, then continues with the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
                return rest.Read(buffer);
            int n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
