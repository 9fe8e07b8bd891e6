using WebClustering.Core.Clustering;
using WebClustering.Core.Metrics;

namespace WebClustering.Core.Tests;

public class KMeansTests
{
    private static (Matrix Data, int[] Truth) ThreeSeparatedBlobs() =>
        TestData.Blobs(new[] { 80, 120, 100 }, dims: 20, spread: 10, std: 1, seed: 7);

    [Fact]
    public void Fit_recovers_three_well_separated_gaussian_blobs_in_20_dimensions_exactly()
    {
        var (data, truth) = ThreeSeparatedBlobs();
        var result = KMeans.Fit(data, new KMeansOptions(K: 3, Seed: 1));

        Assert.Equal(1.0, ExternalMetrics.Accuracy(truth, result.Labels));
        Assert.Equal(1.0, ExternalMetrics.AdjustedRandIndex(truth, result.Labels), 12);
        Assert.Equal(new[] { 80, 100, 120 }, result.ClusterSizes.Order().ToArray());
    }

    [Fact]
    public void Fit_is_deterministic_for_a_seed()
    {
        var (data, _) = TestData.Blobs(new[] { 150, 150, 150, 150 }, dims: 6, spread: 3, std: 1.5, seed: 5);
        var options = new KMeansOptions(K: 5, NInit: 6, Seed: 123);

        var first = KMeans.Fit(data, options);
        var second = KMeans.Fit(data, options);

        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Centroids.Values, second.Centroids.Values);
        Assert.Equal(first.Inertia, second.Inertia);
        Assert.Equal(first.Iterations, second.Iterations);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Fit_with_restarts_is_never_worse_than_a_single_restart(int seed)
    {
        // Overlapping blobs and a K that does not match them give restarts something to disagree about.
        var (data, _) = TestData.Blobs(new[] { 60, 90, 70, 80 }, dims: 5, spread: 3, std: 1.5, seed: 11);

        var single = KMeans.Fit(data, new KMeansOptions(K: 7, NInit: 1, Seed: seed));
        var several = KMeans.Fit(data, new KMeansOptions(K: 7, NInit: 10, Seed: seed));

        Assert.True(several.Inertia <= single.Inertia, $"{several.Inertia} > {single.Inertia}");
    }

    [Fact]
    public void Fit_reports_labels_sizes_and_inertia_consistent_with_its_centroids()
    {
        var (data, _) = TestData.Blobs(new[] { 50, 70, 90 }, dims: 9, spread: 4, std: 1.2, seed: 2);
        var result = KMeans.Fit(data, new KMeansOptions(K: 4, Seed: 9));

        Assert.Equal(KMeans.Assign(data, result.Centroids), result.Labels);
        for (int c = 0; c < 4; c++)
            Assert.Equal(result.Labels.Count(l => l == c), result.ClusterSizes[c]);

        double inertia = 0;
        for (int i = 0; i < data.Rows; i++)
        {
            ReadOnlySpan<float> row = data.Row(i), centre = result.Centroids.Row(result.Labels[i]);
            for (int d = 0; d < data.Cols; d++)
                inertia += Math.Pow(row[d] - centre[d], 2);
        }
        Assert.Equal(inertia, result.Inertia, inertia * 1e-5);
        // At convergence the centroids are the cluster means, so the label-only inertia agrees too.
        Assert.Equal(InternalMetrics.Inertia(data, result.Labels), result.Inertia, inertia * 1e-5);
    }

    [Fact]
    public void Fit_stops_at_the_iteration_cap()
    {
        var (data, _) = TestData.Blobs(new[] { 100, 100 }, dims: 3, spread: 1, std: 2, seed: 4);
        var result = KMeans.Fit(data, new KMeansOptions(K: 6, NInit: 1, MaxIterations: 1));
        Assert.Equal(1, result.Iterations);
    }

    [Fact]
    public void Fit_survives_more_clusters_than_distinct_points()
    {
        var data = TestData.Column(1, 1, 1, 1, 5, 5, 5);
        var result = KMeans.Fit(data, new KMeansOptions(K: 3, NInit: 3));

        Assert.Equal(data.Rows, result.ClusterSizes.Sum());
        Assert.All(result.Centroids.Values, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(0.0, result.Inertia);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-3)]
    public void Fit_rejects_k_below_two(int k)
    {
        var data = TestData.Column(0, 1, 2, 3);
        var error = Assert.Throws<ArgumentException>(() => KMeans.Fit(data, new KMeansOptions(K: k)));
        Assert.Contains("at least 2", error.Message);
    }

    [Fact]
    public void Fit_rejects_k_above_the_row_count()
    {
        var data = TestData.Column(0, 1, 2, 3);
        var error = Assert.Throws<ArgumentException>(() => KMeans.Fit(data, new KMeansOptions(K: 5)));
        Assert.Contains("number of rows", error.Message);
    }

    [Fact]
    public void Fit_rejects_non_finite_data()
    {
        var data = TestData.Column(0, 1, float.NaN, 3);
        Assert.Throws<ArgumentException>(() => KMeans.Fit(data, new KMeansOptions(K: 2)));
    }

    [Fact]
    public void Fit_honours_cancellation()
    {
        var (data, _) = ThreeSeparatedBlobs();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => KMeans.Fit(data, new KMeansOptions(K: 3), cts.Token));
    }

    [Fact]
    public void Assign_picks_the_nearest_centroid_and_breaks_ties_towards_the_lower_index()
    {
        var data = TestData.Column(-4, 0.4f, 0.6f, 1, 9);
        var centroids = TestData.Column(0, 1, 8);
        Assert.Equal(new[] { 0, 0, 1, 1, 2 }, KMeans.Assign(data, centroids));
        Assert.Equal(new[] { 0 }, KMeans.Assign(TestData.Column(0.5f), TestData.Column(0, 1)));
    }

    [Fact]
    public void Fit_handles_a_larger_input_with_row_parallel_assignment()
    {
        // Large enough to take the multi-threaded row path; checks the answer, not the speed.
        var (data, truth) = TestData.Blobs(new[] { 6000, 5000, 7000, 4000 }, dims: 32, spread: 10, std: 1, seed: 21);
        var options = new KMeansOptions(K: 4, NInit: 1, Seed: 3);

        var result = KMeans.Fit(data, options);

        Assert.Equal(1.0, ExternalMetrics.Accuracy(truth, result.Labels));
        Assert.Equal(result.Labels, KMeans.Fit(data, options).Labels);
    }
}
