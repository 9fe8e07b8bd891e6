using WebClustering.Core.Clustering;
using WebClustering.Core.Metrics;

namespace WebClustering.Core.Tests;

public class KMeansVariantsTests
{
    // Overlapping blobs and a K that does not match them: Lloyd needs many iterations and labels keep moving,
    // which is where Elkan's bounds are actually exercised.
    private static Matrix Overlapping() =>
        TestData.Blobs(new[] { 300, 250, 350, 200 }, dims: 5, spread: 3, std: 1.5, seed: 11).Data;

    [Theory]
    [InlineData(3, 0)]
    [InlineData(7, 1)]
    [InlineData(12, 2)]
    public void Elkan_returns_the_same_labels_centroids_and_iterations_as_lloyd(int k, int seed)
    {
        var data = Overlapping();
        var lloyd = KMeans.Fit(data, new KMeansOptions(K: k, NInit: 3, Seed: seed));
        var elkan = KMeans.Fit(data, new KMeansOptions(K: k, NInit: 3, Seed: seed, Algorithm: KMeansAlgorithm.Elkan));

        Assert.True(lloyd.Iterations > 3, "the case should need several iterations to mean anything");
        Assert.Equal(lloyd.Labels, elkan.Labels);
        Assert.Equal(lloyd.Centroids.Values, elkan.Centroids.Values);
        Assert.Equal(lloyd.Iterations, elkan.Iterations);
        Assert.Equal(lloyd.Inertia, elkan.Inertia);
    }

    [Fact]
    public void Elkan_matches_lloyd_when_a_cluster_empties_and_is_relocated()
    {
        // Random init on duplicated points makes empty clusters (and so relocation) likely.
        var data = TestData.Column(0, 0, 0, 0, 1, 1, 1, 10, 10, 11, 30, 31);
        for (int seed = 0; seed < 10; seed++)
        {
            var options = new KMeansOptions(K: 5, NInit: 1, Seed: seed, Init: KMeansInit.Random);
            var lloyd = KMeans.Fit(data, options);
            var elkan = KMeans.Fit(data, options with { Algorithm = KMeansAlgorithm.Elkan });
            Assert.Equal(lloyd.Labels, elkan.Labels);
            Assert.Equal(lloyd.Inertia, elkan.Inertia);
        }
    }

    [Fact]
    public void Random_init_recovers_separated_blobs_with_enough_restarts()
    {
        var (data, truth) = TestData.Blobs(new[] { 80, 120, 100 }, dims: 6, spread: 10, std: 1, seed: 7);
        var result = KMeans.Fit(data, new KMeansOptions(K: 3, NInit: 10, Seed: 4, Init: KMeansInit.Random));
        Assert.Equal(1.0, ExternalMetrics.Accuracy(truth, result.Labels));
    }

    [Fact]
    public void Random_init_starts_from_data_rows_and_differs_from_kmeans_plus_plus()
    {
        var data = Overlapping();
        // One iteration: the centroids are the means of the first assignment, so different seedings show.
        var random = KMeans.Fit(data, new KMeansOptions(K: 6, NInit: 1, MaxIterations: 1, Seed: 3, Init: KMeansInit.Random));
        var plusPlus = KMeans.Fit(data, new KMeansOptions(K: 6, NInit: 1, MaxIterations: 1, Seed: 3));
        Assert.NotEqual(random.Centroids.Values, plusPlus.Centroids.Values);
    }

    [Fact]
    public void A_looser_tolerance_stops_lloyd_earlier()
    {
        var data = Overlapping();
        var tight = KMeans.Fit(data, new KMeansOptions(K: 8, NInit: 1, Seed: 5, Tolerance: 0));
        var loose = KMeans.Fit(data, new KMeansOptions(K: 8, NInit: 1, Seed: 5, Tolerance: 1e-1));
        Assert.True(loose.Iterations < tight.Iterations, $"{loose.Iterations} vs {tight.Iterations}");
        Assert.True(loose.Inertia >= tight.Inertia * (1 - 1e-9));
    }

    [Fact]
    public void Minibatch_inertia_is_within_a_few_percent_of_lloyd()
    {
        var (data, _) = TestData.Blobs(new[] { 3000, 2500, 3500, 2000, 3000 }, dims: 8, spread: 5, std: 1.5, seed: 3);
        var lloyd = KMeans.Fit(data, new KMeansOptions(K: 5, NInit: 3, Seed: 1));
        var minibatch = MiniBatchKMeans.Fit(data, new MiniBatchKMeansOptions(K: 5, BatchSize: 256, Seed: 1));

        Assert.InRange(minibatch.Inertia / lloyd.Inertia, 1.0 - 1e-6, 1.03);
        Assert.Equal(KMeans.Assign(data, minibatch.Centroids), minibatch.Labels);
        Assert.Equal(data.Rows, minibatch.ClusterSizes.Sum());
    }

    [Fact]
    public void Minibatch_is_deterministic_for_a_seed_and_stops_early_when_settled()
    {
        var (data, _) = TestData.Blobs(new[] { 2000, 2000, 2000 }, dims: 4, spread: 10, std: 1, seed: 8);
        var options = new MiniBatchKMeansOptions(K: 3, BatchSize: 100, MaxIterations: 50, Seed: 2);
        var first = MiniBatchKMeans.Fit(data, options);
        var second = MiniBatchKMeans.Fit(data, options);

        Assert.Equal(first.Centroids.Values, second.Centroids.Values);
        Assert.True(first.Iterations < 50 * 6000 / 100, $"ran all {first.Iterations} steps");
    }

    [Fact]
    public void Minibatch_rejects_a_batch_size_below_one()
    {
        var data = TestData.Column(0, 1, 2, 3);
        var error = Assert.Throws<ArgumentException>(() => MiniBatchKMeans.Fit(data, new MiniBatchKMeansOptions(K: 2, BatchSize: 0)));
        Assert.Contains("BatchSize", error.Message);
    }
}
