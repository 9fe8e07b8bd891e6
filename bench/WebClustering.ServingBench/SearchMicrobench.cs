using System.Diagnostics;
using WebClustering.Core.Search;

namespace WebClustering.ServingBench;

/// <summary>Times the similar-items search alone, in process: what one request costs before HTTP.</summary>
public static class SearchMicrobench
{
    public static void Run(int rows, int dims)
    {
        var (ids, clusters, vectors) = SyntheticEmbeddings.Create(rows, dims, seed: 1);
        var stopwatch = Stopwatch.StartNew();
        var index = new VectorIndex(ids, clusters, vectors, dims);
        Console.WriteLine($"index of {rows} x {dims}: built in {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        var random = new Random(2);
        foreach (var metric in Enum.GetValues<SimilarityMetric>())
        {
            for (int i = 0; i < 50; i++) index.Search(index.Vector(random.Next(rows)), 10, metric); // warm up
            const int queries = 2000;
            stopwatch.Restart();
            for (int i = 0; i < queries; i++)
            {
                int row = random.Next(rows);
                index.Search(index.Vector(row), 10, metric, excludeRow: row);
            }
            Console.WriteLine($"search {metric,-6}: {stopwatch.Elapsed.TotalMilliseconds * 1000 / queries:F0} us per query (top 10, one thread)");
        }
        // What the service precomputes in the background when a job is first searched: every row's top 50.
        stopwatch.Restart();
        var lists = NeighbourLists.Build(index, SimilarityMetric.Cosine, 50, threads: 1, CancellationToken.None);
        var built = stopwatch.Elapsed;
        stopwatch.Restart();
        for (int i = 0; i < 100_000; i++) lists.Lookup(random.Next(rows), 10);
        Console.WriteLine($"neighbour lists, top {lists.K} cosine of every row: built in {built.TotalSeconds:F1} s on one thread " +
            $"({built.TotalMilliseconds * 1000 / rows:F0} us a row, {lists.SizeBytes / 1e6:F0} MB); " +
            $"lookup of a top 10 {stopwatch.Elapsed.TotalMilliseconds * 1000 / 100_000:F2} us");
    }
}
