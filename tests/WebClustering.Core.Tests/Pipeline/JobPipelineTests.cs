using WebClustering.Core.Clustering;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.Pipeline;

public class JobPipelineTests
{
    public static TheoryData<string> Kinds() => [.. ModelTestData.EveryKind().Select(kind => kind.Name)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_runs_through_the_pipeline_to_scored_clusters_and_a_loadable_model(string kind)
    {
        var (_, spec, data) = ModelTestData.EveryKind().Single(k => k.Name == kind);
        var labels = Enumerable.Range(0, data.Rows).Select(i => (string?)$"class{i % 3}").ToArray();
        var options = new PipelineOptions(spec, new TrainingOptions(Epochs: 2, BatchSize: 8, LearningRate: 0.01) { ValidationFraction = 0.2 },
            ScalingKind.MinMax, new ClusteringSpec { K = 3, Kmeans = new KMeansSpec { NInit = 2 } });

        var result = JobPipeline.Run(data, labels, options);

        Assert.Equal((data.Rows, spec.EmbeddingDim), (result.Latent.Rows, result.Latent.Cols));
        Assert.Equal(data.Rows, result.ClusterSizes.Sum());
        Assert.Equal(2, result.EpochLosses.Count);
        Assert.All(result.History, epoch => Assert.NotNull(epoch.ValidationLoss));
        Assert.NotNull(result.Scores.Accuracy);
        var loaded = ModelFile.Load(new MemoryStream(ModelFile.Save(result.Model)));
        Assert.Equal(result.Latent.ReadAll().Values, ModelInference.Latent(loaded.Autoencoder, loaded.Scaler.Apply(data)).Values);
    }

    [Fact]
    public void Features_that_do_not_match_the_item_shape_are_refused_before_training()
    {
        var (data, _) = TestData.Blobs(10, 3, 20);
        var options = new PipelineOptions(ModelTestData.Sequence(), new TrainingOptions(Epochs: 1), ScalingKind.None, new ClusteringSpec { K = 3 });

        var error = Assert.Throws<ArgumentException>(() => JobPipeline.Run(data, null, options));

        Assert.Contains("items of shape [24, 1] (24 values a row), but the dataset has 20 feature columns", error.Message);
    }
}
