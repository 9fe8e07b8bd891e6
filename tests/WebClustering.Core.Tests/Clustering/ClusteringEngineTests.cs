using System.Text.Json;
using WebClustering.Core.Clustering;
using WebClustering.Core.Metrics;

namespace WebClustering.Core.Tests;

public class ClusteringEngineTests
{
    private static (Matrix Data, int[] Truth) FourBlobs() =>
        TestData.Blobs(new[] { 60, 70, 80, 50 }, dims: 3, spread: 10, std: 0.7, seed: 12);

    [Theory]
    [InlineData(ClusteringAlgorithm.KMeans, KSelectionCriterion.Silhouette)]
    [InlineData(ClusteringAlgorithm.KMeans, KSelectionCriterion.DaviesBouldin)]
    [InlineData(ClusteringAlgorithm.MiniBatchKMeans, KSelectionCriterion.Silhouette)]
    [InlineData(ClusteringAlgorithm.Gmm, KSelectionCriterion.Bic)]
    [InlineData(ClusteringAlgorithm.Gmm, KSelectionCriterion.Silhouette)]
    [InlineData(ClusteringAlgorithm.Agglomerative, KSelectionCriterion.DaviesBouldin)]
    public void Automatic_k_picks_four_on_four_blobs_and_returns_the_whole_curve(ClusteringAlgorithm algorithm, KSelectionCriterion criterion)
    {
        var (data, truth) = FourBlobs();
        var spec = new ClusteringSpec { Algorithm = algorithm, KRange = new KRange(2, 7), Selection = criterion };

        var result = ClusteringEngine.Fit(data, spec, seed: 1);

        Assert.Equal(4, result.K);
        Assert.Equal(new[] { 2, 3, 4, 5, 6, 7 }, result.KCurve!.Select(p => p.K));
        Assert.All(result.KCurve!, p => Assert.False(double.IsNaN(p.Score)));
        Assert.Equal(1.0, ExternalMetrics.Accuracy(truth, result.Labels));
    }

    [Fact]
    public void Cosine_groups_by_direction_where_euclidean_groups_by_length()
    {
        // Two directions 10 degrees apart, each with short (~1) and long (~10) vectors. Euclidean: short ones are all
        // within 0.3 of each other, long ones within 2, so it splits by length; cosine sees only the direction.
        double angle = 10 * Math.PI / 180;
        var rows = new List<float[]>();
        foreach (double length in new[] { 1.0, 1.1, 10.0, 10.2 })
        {
            rows.Add(new[] { (float)length, 0f });
            rows.Add(new[] { (float)(length * Math.Cos(angle)), (float)(length * Math.Sin(angle)) });
        }
        var data = Matrix.FromRows(rows);
        int[] byLength = { 0, 0, 0, 0, 1, 1, 1, 1 }, byDirection = { 0, 1, 0, 1, 0, 1, 0, 1 };

        var euclidean = ClusteringEngine.Fit(data, new ClusteringSpec { K = 2 });
        var cosine = ClusteringEngine.Fit(data, new ClusteringSpec { K = 2, Distance = DistanceMetric.Cosine });

        Assert.Equal(1.0, ExternalMetrics.Accuracy(byLength, euclidean.Labels));
        Assert.Equal(1.0, ExternalMetrics.Accuracy(byDirection, cosine.Labels));
        // Centroids of a cosine fit live on (or inside) the unit sphere, not at the data's scale.
        Assert.All(cosine.Centroids!.Values, v => Assert.True(Math.Abs(v) <= 1.0001f));
    }

    [Fact]
    public void Standardisation_stops_a_large_noisy_column_from_hiding_the_clusters()
    {
        // Column 0 holds two tight groups at 0 and 1; column 1 is noise with a standard deviation of 1000.
        var rng = new Random(2);
        var truth = Enumerable.Range(0, 200).Select(i => i % 2).ToArray();
        var values = truth.SelectMany(t => new[] { (float)(t + 0.05 * TestData.Gaussian(rng)), (float)(1000 * TestData.Gaussian(rng)) }).ToArray();
        var data = new Matrix(values, 200, 2);

        var raw = ClusteringEngine.Fit(data, new ClusteringSpec { K = 2 });
        var standardized = ClusteringEngine.Fit(data, new ClusteringSpec { K = 2, Standardize = true });

        Assert.True(ExternalMetrics.Accuracy(truth, raw.Labels) < 0.8);
        Assert.Equal(1.0, ExternalMetrics.Accuracy(truth, standardized.Labels));
        // New rows are standardised with the training statistics before they are assigned.
        Assert.Equal(standardized.Labels, standardized.Model.Assign(data));
    }

    [Theory]
    [InlineData(ClusteringAlgorithm.KMeans)]
    [InlineData(ClusteringAlgorithm.MiniBatchKMeans)]
    [InlineData(ClusteringAlgorithm.Gmm)]
    [InlineData(ClusteringAlgorithm.Agglomerative)]
    [InlineData(ClusteringAlgorithm.Hdbscan)]
    public void A_model_survives_json_and_assigns_training_rows_to_their_own_clusters(ClusteringAlgorithm algorithm)
    {
        var (data, _) = FourBlobs();
        var result = ClusteringEngine.Fit(data, new ClusteringSpec { Algorithm = algorithm, K = 4, Distance = DistanceMetric.Cosine });

        var model = ClusteringJson.Deserialize<ClusteringModel>(ClusteringJson.Serialize(result.Model));
        int[] assigned = model.Assign(data);

        for (int i = 0; i < data.Rows; i++)
            if (result.Labels[i] >= 0)
                Assert.Equal(result.Labels[i], assigned[i]);
    }

    [Fact]
    public void Dbscan_model_assigns_rows_near_a_core_row_and_calls_far_rows_noise()
    {
        var data = TestData.Column(0, 0.3f, 0.6f, 0.9f, 1.3f, 2.5f, 5, 5.3f, 5.6f);
        var spec = new ClusteringSpec { Algorithm = ClusteringAlgorithm.Dbscan, Dbscan = new DbscanSpec { Eps = 0.5, MinSamples = 3 } };
        var result = ClusteringEngine.Fit(data, spec);

        Assert.Equal(1, result.NoiseCount);
        // 1.35 is 0.45 from core 0.9; 5.95 is 0.65 from core 5.3 (beyond eps, though 0.35 from border row 5.6).
        Assert.Equal(new[] { 0, 1, -1, -1 }, result.Model.Assign(TestData.Column(1.35f, 5.1f, 5.95f, 3)));
    }

    [Fact]
    public void Gmm_result_carries_probabilities_likelihood_and_bic()
    {
        var (data, _) = FourBlobs();
        var result = ClusteringEngine.Fit(data, new ClusteringSpec { Algorithm = ClusteringAlgorithm.Gmm, K = 4, Gmm = new GmmSpec { CovarianceType = CovarianceType.Diag } });
        Assert.Equal(data.Rows, result.Probabilities!.Rows);
        Assert.True(result.Bic > -2 * result.LogLikelihood!.Value);
        Assert.Equal(result.Probabilities.Values, result.Model.PredictProba(data).Values);
    }

    [Fact]
    public void Spec_json_reads_snake_and_camel_case_alike_and_writes_snake_case()
    {
        const string snake = """{"algorithm":"minibatch_kmeans","k_range":{"min":2,"max":9},"selection":"davies_bouldin","distance":"cosine","standardize":true,"kmeans":{"init":"k-means++","algorithm":"elkan","n_init":3,"batch_size":512}}""";
        const string camel = """{"algorithm":"minibatch_kmeans","kRange":{"min":2,"max":9},"selection":"davies_bouldin","distance":"cosine","standardize":true,"kmeans":{"init":"k-means++","algorithm":"elkan","nInit":3,"batchSize":512}}""";

        var fromSnake = ClusteringJson.Deserialize<ClusteringSpec>(snake);
        var fromCamel = ClusteringJson.Deserialize<ClusteringSpec>(camel);

        Assert.Equal(ClusteringJson.Serialize(fromSnake), ClusteringJson.Serialize(fromCamel));
        Assert.Equal(new KRange(2, 9), fromSnake.KRange);
        Assert.Equal(KMeansAlgorithm.Elkan, fromSnake.Kmeans.Algorithm);
        Assert.Equal(512, fromSnake.Kmeans.BatchSize);
        Assert.Equal(300, fromSnake.Kmeans.MaxIter); // unspecified options keep their defaults
        string written = ClusteringJson.Serialize(new ClusteringSpec { Algorithm = ClusteringAlgorithm.Hdbscan });
        Assert.Contains("\"algorithm\":\"hdbscan\"", written);
        Assert.Contains("\"min_cluster_size\":5", written);
        Assert.Contains("\"init\":\"k-means++\"", written);
    }

    [Theory]
    [InlineData("""{"algorithm":"kmeans","n_inti":3}""")]
    [InlineData("""{"algorithm":"kmeans","kmeans":{"init":"kmeans++"}}""")]
    [InlineData("""{"algorithm":"spectral"}""")]
    public void Spec_json_refuses_unknown_names_and_values(string json)
    {
        Assert.ThrowsAny<JsonException>(() => ClusteringJson.Deserialize<ClusteringSpec>(json));
    }

    [Fact]
    public void Invalid_combinations_are_refused_with_the_field_named()
    {
        var (data, _) = FourBlobs();
        var bic = Assert.Throws<ArgumentException>(() => ClusteringEngine.Fit(data, new ClusteringSpec { KRange = new KRange(2, 5), Selection = KSelectionCriterion.Bic }));
        Assert.Contains("gmm", bic.Message);
        var range = Assert.Throws<ArgumentException>(() => ClusteringEngine.Fit(data, new ClusteringSpec { Algorithm = ClusteringAlgorithm.Dbscan, KRange = new KRange(2, 5) }));
        Assert.Contains("k_range", range.Message);
        var k = Assert.Throws<ArgumentException>(() => ClusteringEngine.Fit(data, new ClusteringSpec { K = 1 }));
        Assert.Contains("k must be", k.Message);
    }
}
