using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.Training;

public class StartingWeightsTests
{
    private static readonly DenseSpec Spec = new() { InputDim = 20, HiddenLayers = [32, 16], LatentDim = 3 };

    [Fact]
    public void Training_from_a_trained_model_starts_from_its_weights()
    {
        var (data, _) = TestData.Blobs(100, 3, 20);
        var scaled = Scaler.Fit(data, ScalingKind.Standardize).Apply(data);
        using var parent = AutoencoderTrainer.Train(scaled, Spec, new TrainingOptions(Epochs: 15, BatchSize: 32, Seed: 7)).Model;
        var before = ModelInference.Latent(parent, scaled).Values.ToArray();

        var child = AutoencoderTrainer.Train(scaled, Spec, new TrainingOptions(Epochs: 1, BatchSize: 32, LearningRate: 1e-5, Seed: 8), startFrom: parent);
        var fresh = AutoencoderTrainer.Train(scaled, Spec, new TrainingOptions(Epochs: 1, BatchSize: 32, LearningRate: 1e-5, Seed: 8));

        // With a tiny step the child's one epoch measures the parent's weights; the fresh model's, its initial ones.
        var parentLoss = ModelInference.EncodeScaled(parent, scaled).ReconstructionErrors.Average();
        Assert.True(Math.Abs(child.EpochLosses[0] - parentLoss) < 0.1 * Math.Abs(fresh.EpochLosses[0] - parentLoss),
            $"child {child.EpochLosses[0]}, parent {parentLoss}, fresh {fresh.EpochLosses[0]}");
        Assert.Equal(before, ModelInference.Latent(parent, scaled).Values); // the parent is only read
    }

    [Fact]
    public void A_model_of_another_architecture_is_refused()
    {
        using var parent = AutoencoderFactory.Create(Spec with { LatentDim = 2 });
        var (data, _) = TestData.Blobs(10, 2, 20);

        var error = Assert.Throws<ArgumentException>(() =>
            AutoencoderTrainer.Train(data, Spec, new TrainingOptions(Epochs: 1, BatchSize: 8, Seed: 1), startFrom: parent));
        Assert.Contains("another architecture", error.Message);
    }
}
