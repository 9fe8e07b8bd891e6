using System.Diagnostics;
using WebClustering.Core.Neighbors;
using WebClustering.Core.Search;

namespace WebClustering.ServingBench;

/// <summary>
/// The HNSW index of similar items in process: build time and size on synthetic clustered vectors, then recall@10
/// (cosine, the item itself left out) against the exact search over 1,000 random items, and the time a query takes
/// on one thread, for a few search expansions (ef; the service's default is 128).
/// </summary>
public static class HnswBench
{
    public static void Run(int rows, int dims, int threads)
    {
        var (ids, clusters, vectors) = SyntheticEmbeddings.Create(rows, dims, seed: 1);
        Console.WriteLine($"HNSW, {rows} x {dims} clustered vectors ({SyntheticEmbeddings.Clusters} clusters), cosine, {threads} build threads");
        var clock = Stopwatch.StartNew();
        using var graph = HnswIndex.Build(vectors, rows, dims, HnswMetric.Cosine, new HnswOptions(), threads);
        Console.WriteLine($"built in {clock.Elapsed.TotalSeconds:F1} s; serialized {graph.SerializedLength / 1048576.0:F0} MiB, " +
            $"in memory {graph.MemoryBytes / 1048576.0:F0} MiB (connectivity 16, expansion at add 128)");
        clock.Restart();
        var exact = new VectorIndex(ids, clusters, vectors, dims);
        Console.WriteLine($"exact index (for the truth) built in {clock.Elapsed.TotalSeconds:F1} s");

        var random = new Random(3);
        var queries = Enumerable.Range(0, 1000).Select(_ => random.Next(rows)).ToArray();
        clock.Restart();
        var truth = queries.Select(row => exact.Search(exact.Vector(row), 10, SimilarityMetric.Cosine, excludeRow: row).Select(n => n.Row).ToHashSet()).ToArray();
        Console.WriteLine($"exact search: {clock.Elapsed.TotalMilliseconds * 1000 / queries.Length:F0} us per query (top 10, one thread)");
        foreach (int ef in new[] { 64, 128, 256 })
        {
            graph.SetExpansionSearch(ef);
            int hits = 0;
            for (int i = 0; i < 100; i++) ApproximateSearch.Search(exact, graph, exact.Vector(queries[i]), 10, SimilarityMetric.Cosine, queries[i]);
            clock.Restart();
            for (int i = 0; i < queries.Length; i++)
                hits += ApproximateSearch.Search(exact, graph, exact.Vector(queries[i]), 10, SimilarityMetric.Cosine, queries[i]).Count(n => truth[i].Contains(n.Row));
            Console.WriteLine($"ef {ef,3}: recall@10 {hits / (10.0 * queries.Length):F4}, {clock.Elapsed.TotalMilliseconds * 1000 / queries.Length:F0} us per query (one thread)");
        }
        Console.WriteLine($"peak resident memory {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
    }
}
