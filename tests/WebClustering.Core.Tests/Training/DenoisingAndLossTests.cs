using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Training;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Training;

public class DenoisingAndLossTests
{
    [Theory]
    [InlineData(NoiseKind.Gaussian, 0.5)]
    [InlineData(NoiseKind.Masking, 0.3)]
    public void A_denoising_autoencoder_brings_noisy_inputs_closer_to_the_clean_ones(NoiseKind kind, double amount)
    {
        var clean = ModelTestData.LowRank(rows: 300, dims: 20, rank: 2);
        var spec = new DenseSpec { InputDim = 20, HiddenLayers = [32], LatentDim = 2 };
        var options = new TrainingOptions(Epochs: 30, BatchSize: 32, LearningRate: 0.005, Seed: 1) { Noise = new InputNoise(kind, amount) };
        var model = AutoencoderTrainer.Train(clean, spec, options).Model;

        var noisy = kind == NoiseKind.Gaussian ? ModelTestData.WithGaussianNoise(clean, amount, seed: 99) : Masked(clean, amount, seed: 99);
        var denoised = ModelInference.Reconstruct(model, noisy);

        double before = ModelTestData.MeanSquaredDistance(noisy, clean), after = ModelTestData.MeanSquaredDistance(denoised, clean);
        Assert.True(after < 0.5 * before, $"noisy inputs were {before} from the clean ones, reconstructions {after}");
    }

    private static Matrix Masked(Matrix clean, double fraction, int seed)
    {
        var random = new Random(seed);
        return new Matrix([.. clean.Values.Select(v => random.NextDouble() < fraction ? 0f : v)], clean.Rows, clean.Cols);
    }

    [Fact]
    public void Bce_refuses_data_outside_zero_to_one_and_says_to_use_min_max_scaling()
    {
        var (images, _) = ModelTestData.Shapes(5);
        images.Values[70] = 1.5f;

        var error = Assert.Throws<ArgumentException>(() =>
            AutoencoderTrainer.Train(images, ModelTestData.Conv(), new TrainingOptions(Epochs: 1) { Loss = ReconstructionLoss.Bce }));

        Assert.Contains("row 1, column 6 is 1.5", error.Message);
        Assert.Contains("min-max scaling", error.Message);
    }

    [Fact]
    public void Bce_needs_a_sigmoid_output()
    {
        var (images, _) = ModelTestData.Shapes(5);

        var error = Assert.Throws<ArgumentException>(() => AutoencoderTrainer.Train(images,
            ModelTestData.Conv(output: OutputActivation.Identity), new TrainingOptions(Epochs: 1) { Loss = ReconstructionLoss.Bce }));

        Assert.Contains("outputActivation to sigmoid", error.Message);
    }

    [Fact]
    public void Bce_is_the_mean_binary_cross_entropy_of_the_sigmoid_of_the_logits()
    {
        float[] logits = [-1f, 0f, 2f, 3f], targets = [0f, 1f, 1f, 0.5f];
        double expected = logits.Zip(targets, (z, y) =>
        {
            double p = 1 / (1 + Math.Exp(-z));
            return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
        }).Average();
        using var z = tensor(logits, [2, 2]);
        using var y = tensor(targets, [2, 2]);

        using var mean = Losses.Reconstruction(z, y, ReconstructionLoss.Bce, OutputActivation.Sigmoid, LossReduction.MeanOverElements);
        using var perItem = Losses.Reconstruction(z, y, ReconstructionLoss.Bce, OutputActivation.Sigmoid, LossReduction.SumPerItemMeanOverBatch);

        Assert.Equal(expected, mean.item<float>(), 5);
        Assert.Equal(expected * 2, perItem.item<float>(), 5);
    }
}
