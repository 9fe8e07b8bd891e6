using WebClustering.Core.Clustering;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.DeepClustering;

public class DeepClusteringTests
{
    private static readonly (Matrix Data, int[] Labels) Data = TestData.Blobs(60, 3, 12, spread: 2.0, separation: 4.0, seed: 5);

    private static PipelineResult Run(ClusteringSpec spec)
    {
        var options = new PipelineOptions(new DenseSpec { InputDim = 12, HiddenLayers = [16], LatentDim = 3 },
            new TrainingOptions(Epochs: 15, BatchSize: 32, LearningRate: 0.01), ScalingKind.Standardize, spec);
        return JobPipeline.Run(Data.Data, [.. Data.Labels.Select(l => (string?)l.ToString())], options);
    }

    [Theory]
    [InlineData(ClusteringAlgorithm.Dec)]
    [InlineData(ClusteringAlgorithm.Idec)]
    public void Refinement_keeps_or_improves_the_accuracy_of_its_k_means_start_on_blobs(ClusteringAlgorithm algorithm)
    {
        var kmeans = Run(new ClusteringSpec { K = 3 });
        var deep = Run(new ClusteringSpec { Algorithm = algorithm, K = 3, Dec = new DecSpec { UpdateInterval = 5, MaxIter = 60, BatchSize = 32 } });

        Assert.True(deep.Scores.Accuracy >= kmeans.Scores.Accuracy - 1e-9, $"{algorithm} {deep.Scores.Accuracy} < k-means {kmeans.Scores.Accuracy}");
        Assert.NotEmpty(deep.Details.ClusteringLoss!);
        Assert.All(deep.Details.ClusteringLoss!, loss => Assert.True(loss >= 0 && double.IsFinite(loss)));
        // The refined centres assign the refined embedding exactly as the fit did.
        Assert.Equal(deep.Labels, deep.ClusteringModel.Assign(deep.Latent.ReadAll()));
    }

    [Fact]
    public void Refinement_stops_early_once_labels_settle()
    {
        var (data, _) = Data;
        var options = new TrainingOptions(Epochs: 15, BatchSize: 32, LearningRate: 0.01);
        var trained = AutoencoderTrainer.Train(Scaler.Fit(data, ScalingKind.Standardize).Apply(data),
            new DenseSpec { InputDim = 12, HiddenLayers = [16], LatentDim = 3 }, options);
        var scaled = Scaler.Fit(data, ScalingKind.Standardize).Apply(data);
        var latent = ModelInference.Latent(trained.Model, scaled);
        var start = KMeans.Fit(latent, new KMeansOptions(3));

        var result = WebClustering.Core.DeepClustering.DeepClustering.Refine(trained.Model, scaled, start.Centroids,
            new DecSpec { UpdateInterval = 4, MaxIter = 5000, BatchSize = 32, Tol = 0.5 }, reconstruction: false, seed: 0);

        Assert.True(result.Converged);
        Assert.True(result.Batches < 5000);
        Assert.Equal(3, result.Centres.Rows);
    }

    [Fact]
    public void The_manifold_recipe_finds_three_blobs()
    {
        var (data, labels) = TestData.Blobs(40, 3, 6, spread: 0.5, separation: 10, seed: 2);

        var result = ClusteringEngine.Fit(data, new ClusteringSpec { Algorithm = ClusteringAlgorithm.Manifold, K = 3 });

        Assert.Equal(1.0, WebClustering.Core.Metrics.ExternalMetrics.Accuracy(labels, result.Labels), 6);
        Assert.NotNull(result.Bic);
        Assert.Equal(result.Labels, result.Model.Assign(data));
    }

    [Fact]
    public void Dec_refuses_standardisation_because_it_refines_the_raw_embedding()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ClusteringEngine.Fit(Data.Data, new ClusteringSpec { Algorithm = ClusteringAlgorithm.Dec, K = 3, Standardize = true }));

        Assert.Contains("standardize", error.Message);
    }

    [Fact]
    public void Dec_and_manifold_options_round_trip_through_json()
    {
        var spec = ClusteringJson.Deserialize<ClusteringSpec>("""{"algorithm":"idec","k":4,"dec":{"updateInterval":7,"gamma":0.2},"manifold":{"n_neighbors":10}}""");

        Assert.Equal((ClusteringAlgorithm.Idec, 7, 0.2, 10), (spec.Algorithm, spec.Dec.UpdateInterval, spec.Dec.Gamma, spec.Manifold.NNeighbors));
    }
}
