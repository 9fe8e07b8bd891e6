using WebClustering.Core.Clustering;
using WebClustering.Core.Metrics;

namespace WebClustering.Core.Tests;

public class AgglomerativeTests
{
    // Rows 0..4 at 0, 2, 5.2, 9, 10. First (3,4) at 1 -> id 5, then (0,1) at 2 -> id 6. Then 5.2 is the question:
    // complete: to {0,2} 5.2, to {9,10} 4.8 -> joins {9,10}; average: 4.2 vs 4.3 -> joins {0,2};
    // Ward: sqrt(2*2*1/3) * |5.2 - 1| = 4.8497 vs sqrt(2*2*1/3) * |5.2 - 9.5| = 4.9652 -> joins {0,2}.
    private static readonly Matrix Five = TestData.Column(0, 2, 5.2f, 9, 10);

    [Fact]
    public void Complete_linkage_merges_by_the_farthest_pair_worked_by_hand()
    {
        var merges = Agglomerative.Tree(Five, Linkage.Complete, 1 << 20);
        AssertMerges(merges, (3, 4, 1.0, 2), (0, 1, 2.0, 2), (2, 5, 4.8, 3), (6, 7, 10.0, 5));
        Assert.Equal(new[] { 0, 0, 1, 1, 1 }, Agglomerative.Cut(merges, 5, 2));
    }

    [Fact]
    public void Average_linkage_merges_by_the_mean_pairwise_distance_worked_by_hand()
    {
        var merges = Agglomerative.Tree(Five, Linkage.Average, 1 << 20);
        // Last: mean of 9, 10, 7, 8, 3.8, 4.8 = 7.1.
        AssertMerges(merges, (3, 4, 1.0, 2), (0, 1, 2.0, 2), (2, 6, 4.2, 3), (5, 7, 7.1, 5));
        Assert.Equal(new[] { 0, 0, 0, 1, 1 }, Agglomerative.Cut(merges, 5, 2));
    }

    [Fact]
    public void Ward_linkage_merges_by_variance_increase_worked_by_hand()
    {
        var merges = Agglomerative.Tree(Five, Linkage.Ward, 1 << 20);
        // Last: sizes 3 and 2, centroids 2.4 and 9.5: sqrt(2 * 3 * 2 / 5) * 7.1.
        AssertMerges(merges, (3, 4, 1.0, 2), (0, 1, 2.0, 2), (2, 6, Math.Sqrt(4.0 / 3) * 4.2, 3),
            (5, 7, Math.Sqrt(12.0 / 5) * 7.1, 5));
        Assert.Equal(new[] { 0, 0, 0, 1, 1 }, Agglomerative.Cut(merges, 5, 2));
        Assert.Equal(new[] { 0, 1, 2, 3, 3 }, Agglomerative.Cut(merges, 5, 4));
    }

    [Theory]
    [InlineData(Linkage.Ward)]
    [InlineData(Linkage.Average)]
    [InlineData(Linkage.Complete)]
    public void Fit_recovers_separated_blobs(Linkage linkage)
    {
        var (data, truth) = TestData.Blobs(new[] { 40, 60, 50 }, dims: 4, spread: 10, std: 1, seed: 3);
        var result = Agglomerative.Fit(data, new AgglomerativeOptions(3, linkage));
        Assert.Equal(1.0, ExternalMetrics.Accuracy(truth, result.Labels));
        Assert.Equal(data.Rows - 1, result.Merges.Length);
        Assert.Equal(data.Rows, result.Merges[^1].Size);
    }

    [Fact]
    public void Inputs_over_the_memory_budget_are_refused_with_the_row_limit()
    {
        // 1 MiB holds 131,072 doubles: 512 rows need 130,816 pairs, 513 rows 131,328.
        Assert.Equal(512, Agglomerative.MaxRows(1 << 20));
        Assert.Equal(16384, Agglomerative.MaxRows(1L << 30));
        var data = Matrix.Zeros(513, 2);
        var error = Assert.Throws<ArgumentException>(() => Agglomerative.Fit(data, new AgglomerativeOptions(2, MemoryBudgetBytes: 1 << 20)));
        Assert.Contains("at most 512 rows", error.Message);
    }

    private static void AssertMerges(Merge[] merges, params (int Left, int Right, double Height, int Size)[] expected)
    {
        Assert.Equal(expected.Length, merges.Length);
        for (int m = 0; m < expected.Length; m++)
        {
            Assert.Equal((expected[m].Left, expected[m].Right, expected[m].Size), (merges[m].Left, merges[m].Right, merges[m].Size));
            Assert.Equal(expected[m].Height, merges[m].Height, 1e-5);
        }
    }
}
