using WebClustering.Core.Search;

namespace WebClustering.Core.Tests.Search;

public class NeighbourListsTests
{
    // Enough rows for the index to partition itself, as jobs' indexes do.
    private static (VectorIndex Index, Matrix Data) Clustered()
    {
        var (data, labels) = TestData.Blobs(perCluster: 800, clusters: 6, dims: 12, spread: 1.5, separation: 4);
        return (new VectorIndex(Enumerable.Range(0, data.Rows).Select(i => $"i{i}").ToArray(), labels, data.Values, data.Cols), data);
    }

    [Theory]
    [InlineData(SimilarityMetric.Cosine)]
    [InlineData(SimilarityMetric.L2)]
    [InlineData(SimilarityMetric.Dot)]
    public void Lookups_agree_with_a_brute_force_sort(SimilarityMetric metric)
    {
        var (index, data) = Clustered();
        var lists = NeighbourLists.Build(index, metric, k: 20, threads: 2, CancellationToken.None);
        var random = new Random(3);
        for (int q = 0; q < 30; q++)
        {
            int row = random.Next(data.Rows);
            var query = data.Row(row).ToArray();
            var expected = Enumerable.Range(0, data.Rows).Where(r => r != row)
                .Select(r => (Row: r, Score: BruteForce.Score(metric, query, data.Row(r).ToArray())))
                .OrderBy(x => metric == SimilarityMetric.L2 ? x.Score : -x.Score)
                .Take(20).ToList();

            var actual = lists.Lookup(row, 20)!;

            Assert.Equal(expected.Select(x => x.Score), actual.Select(n => (double)n.Score), new BruteForce.ToleranceComparer(1e-4));
            Assert.Equal(expected.Select(x => x.Row).Order(), actual.Select(n => n.Row).Order());
        }
    }

    [Theory]
    [InlineData(SimilarityMetric.Cosine, 1)]
    [InlineData(SimilarityMetric.Cosine, 10)]
    [InlineData(SimilarityMetric.L2, 7)]
    [InlineData(SimilarityMetric.Dot, 20)]
    public void A_lookup_answers_exactly_what_the_search_answers(SimilarityMetric metric, int k)
    {
        var (index, _) = Clustered();
        var lists = NeighbourLists.Build(index, metric, k: 20, threads: 1, CancellationToken.None);

        foreach (var row in new[] { 0, 17, 1234, index.Count - 1 })
            Assert.Equal(index.Search(index.Vector(row), k, metric, excludeRow: row), lists.Lookup(row, k));
    }

    [Fact]
    public void More_neighbours_than_kept_are_not_answered_and_small_indexes_keep_every_other_row()
    {
        var small = new VectorIndex(["a", "b", "c"], [0, 0, 1], [1, 0, 0.9f, 0.1f, 0, 1], dims: 2);
        var lists = NeighbourLists.Build(small, SimilarityMetric.Cosine, k: 50, threads: 1, CancellationToken.None);

        Assert.Equal(2, lists.K);
        Assert.Equal(3 * 2 * 4, lists.SizeBytes);
        // Asking for more than there are answers as the search does: every other row.
        Assert.Equal(["b", "c"], lists.Lookup(0, 10)!.Select(n => n.ItemId));
        Assert.Equal(small.Search(small.Vector(0), 10, SimilarityMetric.Cosine, excludeRow: 0), lists.Lookup(0, 10));

        var (index, _) = Clustered();
        var few = NeighbourLists.Build(index, SimilarityMetric.L2, k: 5, threads: 1, CancellationToken.None);
        Assert.Null(few.Lookup(3, 6));
        Assert.Equal(5, few.Lookup(3, 5)!.Count);
    }

    [Fact]
    public void A_cancelled_build_stops()
    {
        var (index, _) = Clustered();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => NeighbourLists.Build(index, SimilarityMetric.Cosine, 10, 1, cancelled.Token));
    }
}
