using WebClustering.Core.Search;

namespace WebClustering.Core.Tests.Search;

public class VectorIndexTests
{
    private static VectorIndex Index() => new(
        ["a", "b", "c", "d"],
        [0, 0, 1, 1],
        [1, 0, /**/ 0.9f, 0.1f, /**/ 0, 1, /**/ -1, 0],
        dims: 2);

    [Fact]
    public void Cosine_ranks_by_angle_and_excludes_the_query_row()
    {
        var result = Index().Search([1, 0], 2, SimilarityMetric.Cosine, excludeRow: 0);

        Assert.Equal(["b", "c"], result.Select(n => n.ItemId));
        Assert.Equal(0.9f / MathF.Sqrt(0.82f), result[0].Score, 5);
    }

    [Fact]
    public void L2_reports_distances_nearest_first()
    {
        var result = Index().Search([0, 0.9f], 3, SimilarityMetric.L2);

        Assert.Equal(["c", "b", "a"], result.Select(n => n.ItemId));
        Assert.Equal(0.1f, result[0].Score, 5);
        Assert.Equal(MathF.Sqrt(0.81f + 0.64f), result[1].Score, 5);
    }

    [Fact]
    public void Dot_prefers_long_vectors_and_the_cluster_filter_applies()
    {
        var index = new VectorIndex(["short", "long", "other"], [0, 0, 1], [1, 0, 3, 0, 5, 0], dims: 2);

        Assert.Equal("other", index.Search([1, 0], 1, SimilarityMetric.Dot)[0].ItemId);
        Assert.Equal(["long", "short"], index.Search([1, 0], 5, SimilarityMetric.Dot, cluster: 0).Select(n => n.ItemId));
    }

    [Fact]
    public void Search_agrees_with_a_brute_force_sort_on_random_data()
    {
        var random = new Random(4);
        int rows = 2000, dims = 17;
        var vectors = Enumerable.Range(0, rows * dims).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var index = new VectorIndex(Enumerable.Range(0, rows).Select(i => $"i{i}").ToArray(), new int[rows], vectors, dims);
        var query = vectors.AsSpan(5 * dims, dims).ToArray();

        var expected = Enumerable.Range(0, rows).Where(r => r != 5)
            .OrderBy(r => Enumerable.Range(0, dims).Sum(d => Math.Pow(vectors[r * dims + d] - query[d], 2)))
            .Take(10).Select(r => $"i{r}");

        Assert.Equal(expected, index.Search(query, 10, SimilarityMetric.L2, excludeRow: 5).Select(n => n.ItemId));
    }

    [Fact]
    public void A_query_of_the_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Index().Search([1, 2, 3], 1, SimilarityMetric.Cosine));
    }

    [Theory]
    [InlineData(SimilarityMetric.Cosine)]
    [InlineData(SimilarityMetric.L2)]
    [InlineData(SimilarityMetric.Dot)]
    public void Partitioned_search_is_exact_on_clustered_data(SimilarityMetric metric)
    {
        // Enough rows for the index to partition itself, so pruning by bounds is what is tested.
        var (data, labels) = TestData.Blobs(perCluster: 1200, clusters: 6, dims: 12, spread: 1.5, separation: 4);
        var ids = Enumerable.Range(0, data.Rows).Select(i => $"i{i}").ToArray();
        var index = new VectorIndex(ids, labels, data.Values, data.Cols);
        var random = new Random(9);
        for (int q = 0; q < 25; q++)
        {
            int row = random.Next(data.Rows);
            var query = data.Row(row).ToArray();
            int? cluster = q % 5 == 0 ? labels[row] : null;
            var expected = Enumerable.Range(0, data.Rows)
                .Where(r => r != row && (cluster is null || labels[r] == cluster))
                .Select(r => (Row: r, Score: BruteForce.Score(metric, query, data.Row(r).ToArray())))
                .OrderBy(x => metric == SimilarityMetric.L2 ? x.Score : -x.Score).ThenBy(x => x.Row)
                .Take(10).ToList();

            var actual = index.Search(query, 10, metric, cluster, excludeRow: row);

            Assert.Equal(expected.Select(x => x.Score), actual.Select(n => (double)n.Score), new BruteForce.ToleranceComparer(1e-4));
        }
    }
}
