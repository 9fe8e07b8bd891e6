using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.Training;

public class AutoencoderTrainerTests
{
    private static readonly DenseSpec Spec = new() { InputDim = 20, HiddenLayers = [32, 16], LatentDim = 3 };

    [Fact]
    public void Training_lowers_the_reconstruction_loss()
    {
        var (data, _) = TestData.Blobs(100, 3, 20);
        var scaled = Scaler.Fit(data, ScalingKind.Standardize).Apply(data);

        var result = AutoencoderTrainer.Train(scaled, Spec, new TrainingOptions(Epochs: 15, BatchSize: 32, Seed: 7));

        Assert.Equal(15, result.EpochLosses.Count);
        Assert.Equal(15, result.BestEpoch);
        Assert.All(result.History, epoch => Assert.Null(epoch.ValidationLoss));
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0] * 0.5,
            $"loss went from {result.EpochLosses[0]} to {result.EpochLosses[^1]}");
    }

    [Fact]
    public void A_decoder_that_does_not_mirror_the_encoder_has_the_given_widths()
    {
        var spec = Spec with { DecoderLayers = [8] };
        using var model = AutoencoderFactory.Create(spec);

        var linearWeights = model.named_parameters().Where(p => p.name.StartsWith("decoder") && p.name.EndsWith("weight"));

        Assert.Equal([[8, 3], [20, 8]], linearWeights.Select(p => p.parameter.shape));
    }

    [Fact]
    public void The_same_seed_reproduces_the_same_latent_vectors()
    {
        var (data, _) = TestData.Blobs(30, 3, 20);
        var options = new TrainingOptions(Epochs: 3, BatchSize: 16, Seed: 42) { Noise = new InputNoise(NoiseKind.Masking, 0.2) };

        var first = ModelInference.Latent(AutoencoderTrainer.Train(data, Spec, options).Model, data);
        var second = ModelInference.Latent(AutoencoderTrainer.Train(data, Spec, options).Model, data);

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

    [Fact]
    public void Data_whose_width_does_not_match_the_item_shape_is_refused()
    {
        var (data, _) = TestData.Blobs(10, 3, 20);

        var error = Assert.Throws<ArgumentException>(() => AutoencoderTrainer.Train(data, ModelTestData.Conv(), new TrainingOptions(Epochs: 1)));

        Assert.Contains("shape [1, 8, 8] (64 values a row), but the data has 20 columns", error.Message);
    }

    [Fact]
    public void Invalid_options_are_refused_naming_every_field()
    {
        var (data, _) = TestData.Blobs(10, 3, 20);
        var options = new TrainingOptions(Epochs: 0, LearningRate: -1) { Nesterov = true, EarlyStopping = new EarlyStopping() };

        var error = Assert.Throws<ArgumentException>(() => AutoencoderTrainer.Train(data, Spec, options));

        Assert.Contains("epochs: must be at least 1", error.Message);
        Assert.Contains("learningRate: must be a finite number above 0", error.Message);
        Assert.Contains("nesterov: needs the sgd optimizer", error.Message);
        Assert.Contains("earlyStopping: needs a validationFraction above 0", error.Message);
    }
}
