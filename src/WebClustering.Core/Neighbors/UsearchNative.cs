using System.Runtime.InteropServices;

namespace WebClustering.Core.Neighbors;

/// <summary>
/// The C API of USearch (<c>libusearch_c</c>, shipped by the Cloud.Unum.USearch 2.26.6 package), called directly.
/// The package's C# class wraps only part of it: it has no buffer save/load (so an index could only be persisted
/// through a temporary file), adds one vector at a time with a capacity check around each (so adds cannot run in
/// parallel), and never sets how many threads may search at once. The C API has all three.
/// </summary>
internal static partial class UsearchNative
{
    private const string Library = "libusearch_c";

    public enum MetricKind { Cosine = 1, InnerProduct = 2, L2Squared = 3 }

    public const int ScalarF32 = 1;

    /// <summary><c>usearch_init_options_t</c>, field for field (C layout: enums are ints, sizes are size_t).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public MetricKind MetricKind;
        public nint Metric;          // a custom metric callback; unused (null)
        public int Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;           // a C bool: several vectors under one key (0: no)
    }

    [LibraryImport(Library)] public static partial nint usearch_init(ref InitOptions options, out nint error);
    [LibraryImport(Library)] public static partial void usearch_free(nint index, out nint error);
    [LibraryImport(Library)] public static partial void usearch_reserve(nint index, nuint capacity, out nint error);
    [LibraryImport(Library)] public static partial void usearch_change_threads_add(nint index, nuint threads, out nint error);
    [LibraryImport(Library)] public static partial void usearch_change_threads_search(nint index, nuint threads, out nint error);
    [LibraryImport(Library)] public static partial void usearch_change_expansion_search(nint index, nuint expansion, out nint error);
    [LibraryImport(Library)] public static partial nuint usearch_size(nint index, out nint error);
    [LibraryImport(Library)] public static partial nuint usearch_dimensions(nint index, out nint error);
    [LibraryImport(Library)] public static partial nuint usearch_memory_usage(nint index, out nint error);
    [LibraryImport(Library)] public static partial nuint usearch_serialized_length(nint index, out nint error);
    [LibraryImport(Library)] public static unsafe partial void usearch_save_buffer(nint index, void* buffer, nuint length, out nint error);
    [LibraryImport(Library)] public static unsafe partial void usearch_load_buffer(nint index, void* buffer, nuint length, out nint error);
    [LibraryImport(Library)] public static unsafe partial void usearch_add(nint index, ulong key, float* vector, int kind, out nint error);

    [LibraryImport(Library)]
    public static unsafe partial nuint usearch_search(nint index, float* query, int kind, nuint count, ulong* keys, float* distances, out nint error);

    /// <summary>Throws when the call reported an error (a static C string: nothing to free).</summary>
    public static void Check(nint error, string operation)
    {
        if (error != 0)
            throw new InvalidOperationException($"USearch {operation} failed: {Marshal.PtrToStringUTF8(error)}");
    }
}
