using System.Runtime.InteropServices;

namespace WebClustering.Core.Neighbors;

/// <summary>
/// Saving and loading: USearch's own format through its buffer calls, in native memory so that an index of any
/// size (past the 2 GB of a managed array) passes without a temporary file or a managed copy.
/// </summary>
public sealed partial class HnswIndex
{
    /// <summary>Bytes <see cref="SaveTo"/> writes.</summary>
    public long SerializedLength
    {
        get
        {
            long bytes = (long)UsearchNative.usearch_serialized_length(Handle, out var error);
            UsearchNative.Check(error, "serialized_length");
            return bytes;
        }
    }

    /// <summary>Writes the serialized index (<see cref="SerializedLength"/> bytes) to native or pinned memory at <paramref name="buffer"/>.</summary>
    public unsafe void SaveTo(byte* buffer, long length)
    {
        if (length != SerializedLength) throw new ArgumentException($"The buffer must hold exactly {SerializedLength} bytes.");
        UsearchNative.usearch_save_buffer(Handle, buffer, (nuint)length, out var error);
        UsearchNative.Check(error, "save");
    }

    /// <summary>Serializes into native memory, for indexes of any size; free it with <see cref="NativeMemory.Free"/>.</summary>
    public unsafe (nint Buffer, long Length) SaveToNative()
    {
        long length = SerializedLength;
        var buffer = (byte*)NativeMemory.Alloc((nuint)length);
        try
        {
            SaveTo(buffer, length);
            return ((nint)buffer, length);
        }
        catch
        {
            NativeMemory.Free(buffer);
            throw;
        }
    }

    /// <summary>An index from bytes <see cref="SaveTo"/> wrote (copied in: the buffer may be freed afterwards).</summary>
    public static unsafe HnswIndex Load(byte* buffer, long length, HnswMetric metric)
    {
        var init = new UsearchNative.InitOptions { MetricKind = (UsearchNative.MetricKind)metric, Quantization = UsearchNative.ScalarF32 };
        nint handle = UsearchNative.usearch_init(ref init, out var error);
        UsearchNative.Check(error, "init");
        try
        {
            UsearchNative.usearch_load_buffer(handle, buffer, (nuint)length, out error);
            UsearchNative.Check(error, "load");
            int dims = (int)UsearchNative.usearch_dimensions(handle, out error);
            int count = (int)UsearchNative.usearch_size(handle, out error);
            var index = new HnswIndex(handle, metric, dims, count);
            index.AddPressure();
            return index;
        }
        catch
        {
            UsearchNative.usearch_free(handle, out _);
            throw;
        }
    }

    /// <summary>
    /// The serialized index as a readable stream over native memory (any size, no managed copy); disposing it frees
    /// the memory.
    /// </summary>
    public unsafe Stream OpenSerialized()
    {
        var (buffer, length) = SaveToNative();
        return new NativeBufferStream((byte*)buffer, length, FileAccess.Read);
    }

    /// <summary>
    /// Loads an index of <paramref name="length"/> serialized bytes that <paramref name="fill"/> writes into the
    /// stream it is given (native memory, freed once the index has copied it in).
    /// </summary>
    public static async Task<HnswIndex> LoadAsync(long length, HnswMetric metric, Func<Stream, Task> fill)
    {
        using var stream = NativeBufferStream.Allocate(length);
        await fill(stream);
        if (stream.Position != length) throw new InvalidDataException($"Expected {length} bytes of index; got {stream.Position}.");
        return stream.Load(metric);
    }

    private sealed unsafe class NativeBufferStream(byte* start, long length, FileAccess access) : UnmanagedMemoryStream(start, length, length, access)
    {
        private int freed;

        private byte* Start { get; } = start;

        public static NativeBufferStream Allocate(long length) =>
            new((byte*)NativeMemory.Alloc((nuint)Math.Max(1, length)), length, FileAccess.Write);

        public HnswIndex Load(HnswMetric metric) => HnswIndex.Load(Start, Length, metric);

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (Interlocked.Exchange(ref freed, 1) == 0) NativeMemory.Free(Start);
        }
    }

    /// <summary>An index from a managed copy of the bytes (small indexes, tests).</summary>
    public static unsafe HnswIndex Load(ReadOnlySpan<byte> bytes, HnswMetric metric)
    {
        fixed (byte* b = bytes) return Load(b, bytes.Length, metric);
    }

    /// <summary>The serialized index as a managed array (indexes under 2 GB).</summary>
    public unsafe byte[] Save()
    {
        var bytes = new byte[SerializedLength];
        fixed (byte* b = bytes) SaveTo(b, bytes.Length);
        return bytes;
    }
}
