using WebClustering.Core.Neighbors;
using WebClustering.Core.Search;

namespace WebClustering.Core.Tests;

public class HnswIndexTests
{
    private const int Rows = 20_000, Dims = 16;

    /// <summary>A fixed clustered set: 20,000 x 16 in 40 overlapping Gaussian blobs.</summary>
    private static readonly Matrix Set = TestData.Blobs(perCluster: Rows / 40, clusters: 40, dims: Dims, spread: 2.0, separation: 5.0, seed: 5).Data;

    private static readonly HnswIndex Cosine = HnswIndex.Build(Set.Values, Rows, Dims, HnswMetric.Cosine, threads: 2);

    private static VectorIndex Exact() =>
        new([.. Enumerable.Range(0, Rows).Select(r => r.ToString())], new int[Rows], Set.Values, Dims);

    private static int[] Top(HnswIndex index, ReadOnlySpan<float> query, int k)
    {
        var keys = new ulong[k];
        var distances = new float[k];
        int found = index.Search(query, keys, distances);
        return [.. keys.Take(found).Select(key => (int)key)];
    }

    [Theory]
    [InlineData(HnswMetric.Cosine, SimilarityMetric.Cosine)]
    [InlineData(HnswMetric.L2Squared, SimilarityMetric.L2)]
    [InlineData(HnswMetric.InnerProduct, SimilarityMetric.Dot)]
    public void Recall_at_10_against_brute_force_is_at_least_095(HnswMetric metric, SimilarityMetric exactMetric)
    {
        var index = metric == HnswMetric.Cosine ? Cosine : HnswIndex.Build(Set.Values, Rows, Dims, metric, threads: 2);
        var exact = Exact();
        int hits = 0, queries = 0;
        for (int row = 0; row < Rows; row += 20)
        {
            var truth = exact.Search(Set.Row(row), 10, exactMetric).Select(n => n.Row).ToHashSet();
            hits += Top(index, Set.Row(row), 10).Count(truth.Contains);
            queries++;
        }
        double recall = hits / (10.0 * queries);
        Assert.True(recall >= 0.95, $"{metric} recall@10 {recall:F4}");
    }

    [Fact]
    public void A_saved_index_loads_and_answers_the_same()
    {
        var bytes = Cosine.Save();
        Assert.Equal(Cosine.SerializedLength, bytes.Length);
        using var loaded = HnswIndex.Load(bytes, HnswMetric.Cosine);
        Assert.Equal(Rows, loaded.Count);
        Assert.Equal(Dims, loaded.Dims);
        for (int row = 0; row < Rows; row += 500)
            Assert.Equal(Top(Cosine, Set.Row(row), 10), Top(loaded, Set.Row(row), 10));
    }

    [Fact]
    public void Concurrent_searches_answer_as_serial_ones()
    {
        // The C# binding of the package never reserved search threads, and two threads searching at once failed
        // there; the index reserves them, so 16 threads hammering one (loaded) index must give the serial answers.
        using var loaded = HnswIndex.Load(Cosine.Save(), HnswMetric.Cosine);
        var serial = Enumerable.Range(0, 2000).Select(i => Top(loaded, Set.Row(i * 10), 10)).ToArray();
        var parallel = new int[serial.Length][];
        Parallel.For(0, serial.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            int q = i % serial.Length;
            var answer = Top(loaded, Set.Row(q * 10), 10);
            if (i >= serial.Length * 7) parallel[q] = answer;
            else Assert.Equal(serial[q], answer);
        });
        for (int q = 0; q < serial.Length; q++) Assert.Equal(serial[q], parallel[q]);
    }

    [Fact]
    public void A_query_of_the_wrong_size_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Cosine.Search(new float[Dims + 1], new ulong[3], new float[3]));
    }
}
