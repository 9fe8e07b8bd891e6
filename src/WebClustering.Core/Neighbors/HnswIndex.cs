using System.Runtime.InteropServices;

namespace WebClustering.Core.Neighbors;

/// <summary>The distances an <see cref="HnswIndex"/> ranks by (USearch's names: 1 - cosine, 1 - dot, squared L2).</summary>
public enum HnswMetric { Cosine = 1, InnerProduct = 2, L2Squared = 3 }

/// <summary>Graph settings: neighbours per node (M), and the candidate lists kept while adding and searching (ef).</summary>
public sealed record HnswOptions(int Connectivity = 16, int ExpansionAdd = 128, int ExpansionSearch = 128);

/// <summary>
/// An HNSW graph (Malkov and Yashunin) over rows keyed by row number, by USearch: approximate nearest neighbours in
/// logarithmic time per query. The one approximate-neighbour search of the code base: the manifold step's kNN graph
/// above <see cref="Manifold.UmapOptions.ExactNeighborRows"/> rows (<see cref="ApproximateNeighbors"/>) and similar
/// items above the serving threshold both use it.
/// </summary>
/// <remarks>
/// Thread safety: USearch's index keeps one search context per thread slot and hands a free slot to each caller,
/// so searches may run at once when enough slots are reserved; this class reserves
/// <see cref="Environment.ProcessorCount"/> x 4 of them after building or loading. The package's C# class exposes no
/// way to reserve them, which is why an earlier try failed from two threads ("Reserve capacity ahead of searches!");
/// <c>HnswIndexTests.Concurrent_searches_answer_as_serial_ones</c> checks 16 threads' answers against serial ones.
/// Beyond the reserved slots a search waits in <see cref="Search"/> for one (a semaphore), never races.
/// Adding is only done while building, never concurrently with searches.
/// </remarks>
public sealed partial class HnswIndex : IDisposable
{
    private static readonly int SearchSlots = Math.Max(4, Environment.ProcessorCount * 4);
    private readonly SemaphoreSlim slots = new(SearchSlots, SearchSlots);
    private nint handle;
    private long pressure;

    private HnswIndex(nint handle, HnswMetric metric, int dims, int count)
    {
        this.handle = handle;
        Metric = metric;
        Dims = dims;
        Count = count;
        UsearchNative.usearch_change_threads_search(handle, (nuint)SearchSlots, out var error);
        UsearchNative.Check(error, "reserving search threads");
    }

    /// <summary>Candidates a search keeps (ef); USearch uses at least the k asked for.</summary>
    public void SetExpansionSearch(int expansion)
    {
        UsearchNative.usearch_change_expansion_search(Handle, (nuint)Math.Max(1, expansion), out var error);
        UsearchNative.Check(error, "changing the search expansion");
    }

    /// <summary>Tells the GC about the native memory, so that dropped indexes are finalized (freed) in good time.</summary>
    private void AddPressure()
    {
        pressure = Math.Max(1, MemoryBytes);
        GC.AddMemoryPressure(pressure);
    }

    public HnswMetric Metric { get; }
    public int Dims { get; }
    public int Count { get; }

    /// <summary>Native memory the index holds (vectors and graph).</summary>
    public long MemoryBytes
    {
        get
        {
            long bytes = (long)UsearchNative.usearch_memory_usage(Handle, out var error);
            UsearchNative.Check(error, "memory_usage");
            return bytes;
        }
    }

    private nint Handle => handle != 0 ? handle : throw new ObjectDisposedException(nameof(HnswIndex));

    /// <summary>
    /// Indexes <paramref name="rows"/> row-major vectors of <paramref name="dims"/> values, row r under key r, on
    /// <paramref name="threads"/> threads. One thread gives the same graph every time; more threads are faster but
    /// insert in a racing order, so the graph (not its quality) differs from build to build.
    /// </summary>
    public static HnswIndex Build(float[] vectors, int rows, int dims, HnswMetric metric, HnswOptions? options = null,
        int threads = 1, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (dims < 1 || rows < 0 || vectors.LongLength != (long)rows * dims)
            throw new ArgumentException($"Expected {rows} x {dims} values; got {vectors.LongLength}.");
        options ??= new HnswOptions();
        threads = Math.Max(1, threads);
        var init = new UsearchNative.InitOptions
        {
            MetricKind = (UsearchNative.MetricKind)metric,
            Quantization = UsearchNative.ScalarF32,
            Dimensions = (nuint)dims,
            Connectivity = (nuint)options.Connectivity,
            ExpansionAdd = (nuint)options.ExpansionAdd,
            ExpansionSearch = (nuint)options.ExpansionSearch,
        };
        nint handle = UsearchNative.usearch_init(ref init, out var error);
        UsearchNative.Check(error, "init");
        var index = new HnswIndex(handle, metric, dims, rows);
        try
        {
            UsearchNative.usearch_change_threads_add(handle, (nuint)threads, out error);
            UsearchNative.Check(error, "reserving add threads");
            UsearchNative.usearch_reserve(handle, (nuint)Math.Max(1, rows), out error);
            UsearchNative.Check(error, "reserve");
            index.AddAll(vectors, rows, threads, ct);
            UsearchNative.usearch_change_threads_search(handle, (nuint)SearchSlots, out error);
            UsearchNative.Check(error, "reserving search threads");
            index.AddPressure();
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    private unsafe void AddAll(float[] vectors, int rows, int threads, CancellationToken ct)
    {
        int dims = Dims;
        int next = -1;
        void Worker()
        {
            fixed (float* start = vectors)
            {
                for (int row; (row = Interlocked.Increment(ref next)) < rows;)
                {
                    if ((row & 1023) == 0) ct.ThrowIfCancellationRequested();
                    UsearchNative.usearch_add(handle, (ulong)row, start + (long)row * dims, UsearchNative.ScalarF32, out var error);
                    UsearchNative.Check(error, "add");
                }
            }
        }
        // Rows are handed out one at a time from a shared counter, so each thread takes the next row not yet added.
        if (threads == 1) Worker();
        else Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Worker());
    }

    /// <summary>
    /// Up to <paramref name="keys"/>.Length nearest rows to <paramref name="query"/>, nearest first; returns how many
    /// were found. Distances are USearch's (see <see cref="HnswMetric"/>). Safe to call from many threads.
    /// </summary>
    public unsafe int Search(ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances)
    {
        if (query.Length != Dims) throw new ArgumentException($"The query has {query.Length} values but the index has {Dims}.");
        if (distances.Length < keys.Length) throw new ArgumentException("Need a distance slot per key.");
        slots.Wait();
        try
        {
            fixed (float* q = query)
            fixed (ulong* k = keys)
            fixed (float* d = distances)
            {
                nuint found = UsearchNative.usearch_search(Handle, q, UsearchNative.ScalarF32, (nuint)keys.Length, k, d, out var error);
                UsearchNative.Check(error, "search");
                return (int)found;
            }
        }
        finally
        {
            slots.Release();
        }
    }

    public void Dispose()
    {
        nint h = Interlocked.Exchange(ref handle, 0);
        if (h == 0) return;
        UsearchNative.usearch_free(h, out _);
        if (pressure > 0) GC.RemoveMemoryPressure(pressure);
        GC.SuppressFinalize(this);
    }

    ~HnswIndex() => Dispose();
}
