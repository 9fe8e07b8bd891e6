using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.Training;

public class AutoencoderTrainerTests
{
    private static readonly AutoencoderSpec Spec = new(20, [32, 16], 3, Activation.Relu);

    [Fact]
    public void Training_lowers_the_reconstruction_loss()
    {
        var (data, _) = TestData.Blobs(100, 3, 20);
        var scaled = Scaler.Fit(data, ScalingKind.Standardize).Apply(data);

        var result = AutoencoderTrainer.Train(scaled, Spec, new TrainingOptions(Epochs: 15, BatchSize: 32, Seed: 7));

        Assert.Equal(15, result.EpochLosses.Count);
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0] * 0.5,
            $"loss went from {result.EpochLosses[0]} to {result.EpochLosses[^1]}");
    }

    [Fact]
    public void The_same_seed_reproduces_the_same_latent_vectors()
    {
        var (data, _) = TestData.Blobs(30, 3, 20);
        var options = new TrainingOptions(Epochs: 3, BatchSize: 16, Seed: 42);

        var first = LatentEncoder.Encode(AutoencoderTrainer.Train(data, Spec, options).Model, data);
        var second = LatentEncoder.Encode(AutoencoderTrainer.Train(data, Spec, options).Model, data);

        Assert.Equal(first.Values, second.Values);
    }

    [Fact]
    public void Progress_is_reported_for_every_batch_and_ends_at_one()
    {
        var (data, _) = TestData.Blobs(10, 3, 20);
        var reports = new List<TrainingProgress>();

        AutoencoderTrainer.Train(data, Spec, new TrainingOptions(Epochs: 2, BatchSize: 8), reports.Add);

        Assert.Equal(2 * 4, reports.Count);
        Assert.Equal(1.0, reports[^1].Fraction, 9);
        Assert.NotNull(reports[^1].EpochLoss);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        var (data, _) = TestData.Blobs(10, 3, 20);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            AutoencoderTrainer.Train(data, Spec, new TrainingOptions(Epochs: 2), cancellationToken: cancellation.Token));
    }

    [Fact]
    public void A_diverging_run_stops_with_a_reason_instead_of_returning_nan_weights()
    {
        var (data, _) = TestData.Blobs(30, 3, 20);
        var options = new TrainingOptions(Epochs: 30, BatchSize: 16, LearningRate: 10, Optimizer: OptimizerKind.Sgd);

        var error = Assert.Throws<TrainingDivergedException>(() => AutoencoderTrainer.Train(data, Spec, options));

        Assert.Contains("Lower the learning rate", error.Message);
    }
}
