using WebClustering.Core.Metrics;

namespace WebClustering.Core.Tests;

public class InternalMetricsTests
{
    // Two 1-D clusters {0, 1} and {4, 6}: centroids 0.5 and 5, every quantity below is worked by hand.
    private static readonly float[] Points = { 0, 1, 4, 6 };
    private static readonly int[] Labels = { 0, 0, 1, 1 };

    // Per point (b - a) / max(a, b): 0 -> (5-1)/5, 1 -> (4-1)/4, 4 -> (3.5-2)/3.5, 6 -> (5.5-2)/5.5.
    private const double ExpectedSilhouette = (0.8 + 0.75 + 3.0 / 7 + 7.0 / 11) / 4;

    // Scatters 0.5 and 1, centroid distance 4.5: both clusters score (0.5 + 1) / 4.5.
    private const double ExpectedDaviesBouldin = 1.0 / 3;

    // Within: 0.25 + 0.25 + 1 + 1 = 2.5. Between (grand mean 2.75): 2 * 2.25^2 * 2 = 20.25.
    private const double ExpectedInertia = 2.5;
    private const double ExpectedCalinskiHarabasz = 20.25 * (4 - 2) / (2.5 * (2 - 1));

    [Fact]
    public void Silhouette_matches_the_hand_computed_value_in_one_dimension()
    {
        Assert.Equal(ExpectedSilhouette, InternalMetrics.Silhouette(TestData.Column(Points), Labels), 6);
    }

    [Fact]
    public void Silhouette_matches_the_hand_computed_value_in_two_dimensions()
    {
        // Unit-height columns 3 apart: every point has its partner at 1 and the other cluster at 3 and sqrt(10).
        var data = Matrix.FromRows(new[] { new float[] { 0, 0 }, new float[] { 0, 1 }, new float[] { 3, 0 }, new float[] { 3, 1 } });
        double expected = 1 - 2 / (3 + Math.Sqrt(10));
        Assert.Equal(expected, InternalMetrics.Silhouette(data, Labels), 6);
    }

    [Fact]
    public void Silhouette_scores_singleton_clusters_as_zero()
    {
        // 0 -> (10-1)/10, 1 -> (9-1)/9, the singleton 10 -> 0.
        double expected = (0.9 + 8.0 / 9 + 0) / 3;
        Assert.Equal(expected, InternalMetrics.Silhouette(TestData.Column(0, 1, 10), new[] { 0, 0, 1 }), 6);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(67)]
    public void Internal_metrics_are_unchanged_when_points_are_embedded_in_more_dimensions(int dims)
    {
        var data = TestData.Embed(Points, dims);
        Assert.Equal(ExpectedSilhouette, InternalMetrics.Silhouette(data, Labels), 6);
        Assert.Equal(ExpectedDaviesBouldin, InternalMetrics.DaviesBouldin(data, Labels), 9);
        Assert.Equal(ExpectedCalinskiHarabasz, InternalMetrics.CalinskiHarabasz(data, Labels), 9);
        Assert.Equal(ExpectedInertia, InternalMetrics.Inertia(data, Labels), 9);
    }

    [Fact]
    public void Inertia_is_the_within_cluster_sum_of_squares()
    {
        Assert.Equal(ExpectedInertia, InternalMetrics.Inertia(TestData.Column(Points), Labels), 12);
    }

    [Fact]
    public void DaviesBouldin_matches_the_hand_computed_value()
    {
        Assert.Equal(ExpectedDaviesBouldin, InternalMetrics.DaviesBouldin(TestData.Column(Points), Labels), 12);
    }

    [Fact]
    public void CalinskiHarabasz_matches_the_hand_computed_value()
    {
        Assert.Equal(16.2, InternalMetrics.CalinskiHarabasz(TestData.Column(Points), Labels), 12);
    }

    [Fact]
    public void Metrics_do_not_depend_on_the_label_values_used()
    {
        int[] relabelled = { -1, -1, 42, 42 };
        var data = TestData.Column(Points);
        Assert.Equal(ExpectedSilhouette, InternalMetrics.Silhouette(data, relabelled), 6);
        Assert.Equal(ExpectedDaviesBouldin, InternalMetrics.DaviesBouldin(data, relabelled), 12);
        Assert.Equal(16.2, InternalMetrics.CalinskiHarabasz(data, relabelled), 12);
    }

    [Fact]
    public void Label_based_scores_are_NaN_for_a_single_cluster_or_all_singletons()
    {
        var data = TestData.Column(Points);
        foreach (int[] labels in new[] { new[] { 5, 5, 5, 5 }, new[] { 0, 1, 2, 3 } })
        {
            Assert.True(double.IsNaN(InternalMetrics.Silhouette(data, labels)));
            Assert.True(double.IsNaN(InternalMetrics.DaviesBouldin(data, labels)));
            Assert.True(double.IsNaN(InternalMetrics.CalinskiHarabasz(data, labels)));
        }
    }

    [Fact]
    public void Silhouette_on_a_sample_is_deterministic_and_close_to_the_full_value()
    {
        var (data, truth) = TestData.Blobs(new[] { 400, 300, 500 }, 8, spread: 4, std: 1.5, seed: 3);
        double full = InternalMetrics.Silhouette(data, truth, maxSample: data.Rows);
        double sampled = InternalMetrics.Silhouette(data, truth, maxSample: 400, seed: 11);

        Assert.Equal(sampled, InternalMetrics.Silhouette(data, truth, maxSample: 400, seed: 11));
        Assert.NotEqual(full, sampled);
        Assert.InRange(sampled, full - 0.05, full + 0.05);
    }

    [Fact]
    public void Silhouette_uses_every_row_when_the_sample_limit_covers_them()
    {
        var (data, truth) = TestData.Blobs(new[] { 40, 30 }, 5, spread: 4, std: 1, seed: 8);
        Assert.Equal(
            InternalMetrics.Silhouette(data, truth, maxSample: data.Rows, seed: 1),
            InternalMetrics.Silhouette(data, truth, maxSample: 5000, seed: 99));
    }

    [Fact]
    public void Internal_metrics_reject_a_label_count_that_differs_from_the_row_count()
    {
        var data = TestData.Column(Points);
        Assert.Throws<ArgumentException>(() => InternalMetrics.Silhouette(data, new[] { 0, 1 }));
        Assert.Throws<ArgumentException>(() => InternalMetrics.Inertia(data, new[] { 0, 1 }));
        Assert.Throws<ArgumentException>(() => InternalMetrics.DaviesBouldin(data, new[] { 0, 1 }));
        Assert.Throws<ArgumentException>(() => InternalMetrics.CalinskiHarabasz(data, new[] { 0, 1 }));
    }
}
