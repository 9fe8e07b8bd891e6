using WebClustering.Core.Clustering;
using WebClustering.Core.Manifold;
using WebClustering.Core.Metrics;

namespace WebClustering.Core.Tests;

public class UmapTests
{
    private static (Matrix Data, int[] Truth) FiveBlobs() =>
        TestData.Blobs(new[] { 50, 60, 40, 55, 45 }, dims: 10, spread: 10, std: 1, seed: 6);

    /// <summary>A helix in 3-D: intrinsically one-dimensional, so neighbours along it are the true neighbours.</summary>
    private static Matrix Helix(int n)
    {
        var values = new float[n * 3];
        for (int i = 0; i < n; i++)
        {
            double t = 4 * Math.PI * i / n;
            values[3 * i] = (float)Math.Cos(t);
            values[3 * i + 1] = (float)Math.Sin(t);
            values[3 * i + 2] = (float)(t / 2);
        }
        return new Matrix(values, n, 3);
    }

    [Theory]
    [InlineData(UmapInit.Spectral)]
    [InlineData(UmapInit.Random)]
    public void Separated_blobs_stay_separated_so_kmeans_on_the_embedding_recovers_them(UmapInit init)
    {
        var (data, truth) = FiveBlobs();
        var result = Umap.Fit(data, new UmapOptions(NEpochs: 200, Seed: 3, Init: init));

        Assert.Equal((data.Rows, 2), (result.Embedding.Rows, result.Embedding.Cols));
        var clusters = KMeans.Fit(result.Embedding, new KMeansOptions(K: 5, Seed: 1));
        Assert.Equal(1.0, ExternalMetrics.Accuracy(truth, clusters.Labels));
    }

    [Fact]
    public void N2D_settings_embed_blobs_into_as_many_dimensions_as_clusters()
    {
        var (data, truth) = FiveBlobs();
        var options = UmapOptions.N2D(nComponents: 5, seed: 2) with { NEpochs = 150 };
        Assert.Equal((20, 0.0), (options.NNeighbors, options.MinDist));

        var result = Umap.Fit(data, options);

        Assert.Equal(5, result.Embedding.Cols);
        var clusters = KMeans.Fit(result.Embedding, new KMeansOptions(K: 5, Seed: 1));
        Assert.Equal(1.0, ExternalMetrics.Accuracy(truth, clusters.Labels));
    }

    [Fact]
    public void A_helix_keeps_its_neighbours_in_two_dimensions()
    {
        var data = Helix(300);
        var result = Umap.Fit(data, new UmapOptions(NNeighbors: 10, NEpochs: 200, Seed: 1));

        double trust = Trustworthiness.Compute(data, result.Embedding, k: 10);
        Assert.True(trust > 0.95, $"trustworthiness {trust}");
        // A random layout scores far lower, which is what makes the threshold mean something.
        var rng = new Random(1);
        var shuffled = new Matrix(Enumerable.Range(0, 600).Select(_ => (float)rng.NextDouble()).ToArray(), 300, 2);
        Assert.True(Trustworthiness.Compute(data, shuffled, k: 10) < 0.7);
    }

    [Fact]
    public void The_embedding_is_a_function_of_the_seed()
    {
        var data = Helix(120);
        var options = new UmapOptions(NNeighbors: 8, NEpochs: 50, Seed: 4);
        var first = Umap.Fit(data, options).Embedding.Values;
        Assert.Equal(first, Umap.Fit(data, options).Embedding.Values);
        Assert.NotEqual(first, Umap.Fit(data, options with { Seed = 5 }).Embedding.Values);
    }

    [Theory]
    [InlineData(0.1, 1.577, 0.895)] // umap-learn's defaults: a = 1.5769, b = 0.8951
    [InlineData(0.5, 0.583, 1.334)]
    public void Curve_parameters_match_umap_learn(double minDist, double a, double b)
    {
        var (fittedA, fittedB) = CurveFit.FindAB(1.0, minDist);
        Assert.Equal(a, fittedA, 0.005);
        Assert.Equal(b, fittedB, 0.005);
    }

    [Fact]
    public void Smooth_knn_memberships_sum_to_log2_k_and_the_nearest_neighbour_gets_one()
    {
        // Row distances to 4 other rows (k = 5 with the row itself).
        float[] distances = { 1, 2, 3, 4, 0.5f, 0.5f, 2, 9 };
        var (sigmas, rhos) = FuzzySimplicialSet.SmoothKnnDistances(distances, 4, 5);
        Assert.Equal(new[] { 1.0, 0.5 }, rhos);
        for (int i = 0; i < 2; i++)
        {
            double sum = distances.Skip(4 * i).Take(4).Sum(d => Math.Exp(-Math.Max(0, d - rhos[i]) / sigmas[i]));
            Assert.Equal(Math.Log2(5), sum, 4);
        }
    }

    [Fact]
    public void The_fuzzy_graph_is_symmetric_with_weights_in_zero_to_one()
    {
        var graph = FuzzySimplicialSet.Build(Helix(80), nNeighbors: 6);
        var weights = new Dictionary<(int, int), float>();
        for (int e = 0; e < graph.Heads.Length; e++)
            weights[(graph.Heads[e], graph.Tails[e])] = graph.Weights[e];
        Assert.All(weights, pair =>
        {
            Assert.InRange(pair.Value, 1e-12f, 1f);
            Assert.Equal(pair.Value, weights[(pair.Key.Item2, pair.Key.Item1)]);
        });
    }
}
