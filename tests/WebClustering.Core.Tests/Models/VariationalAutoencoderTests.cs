using WebClustering.Core.Models;
using WebClustering.Core.Training;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Models;

public class VariationalAutoencoderTests
{
    [Fact]
    public void KL_divergence_matches_the_closed_form_summed_over_latent_dimensions_and_averaged_over_rows()
    {
        // KL(N(mu, s2) || N(0, 1)) = (s2 + mu^2 - 1 - ln s2) / 2 per dimension.
        using var mu = tensor(new float[] { 1f, 0f, 0.5f, -2f }, [2, 2]);
        using var logVar = tensor(new float[] { 0f, (float)Math.Log(4), (float)Math.Log(0.25), 0f }, [2, 2]);
        double row0 = (1 + 1 - 1 - 0) / 2.0 + (4 + 0 - 1 - Math.Log(4)) / 2.0;
        double row1 = (0.25 + 0.25 - 1 - Math.Log(0.25)) / 2.0 + (1 + 4 - 1 - 0) / 2.0;

        using var kl = VaeLoss.KlDivergence(mu, logVar);

        Assert.Equal((row0 + row1) / 2, kl.item<float>(), 5);
    }

    [Fact]
    public void KL_divergence_is_zero_exactly_at_the_prior()
    {
        using var origin = zeros(3, 4);

        Assert.Equal(0f, VaeLoss.KlDivergence(origin, origin).item<float>());
    }

    [Fact]
    public void Reparameterised_samples_have_mean_mu_and_variance_sigma_squared()
    {
        const int samples = 20_000;
        using var mu = tensor(new float[] { 2f, -1f }).expand(samples, 2);
        using var logVar = tensor(new float[] { (float)Math.Log(0.25), (float)Math.Log(4) }).expand(samples, 2);
        using var generator = new Generator(7, CPU);

        using var z = VariationalAutoencoder.Reparameterize(mu, logVar, generator);

        var mean = z.mean([0]).data<float>().ToArray();
        var variance = z.var(0).data<float>().ToArray();
        Assert.Equal(2.0, mean[0], 1);
        Assert.Equal(-1.0, mean[1], 1);
        Assert.InRange(variance[0], 0.25 * 0.95, 0.25 * 1.05);
        Assert.InRange(variance[1], 4 * 0.95, 4 * 1.05);
    }

    [Fact]
    public void Sampling_is_seeded_and_differentiable_in_mu_and_log_variance()
    {
        using var mu = zeros(4, 3, requires_grad: true);
        using var logVar = zeros(4, 3, requires_grad: true);

        using var first = VariationalAutoencoder.Reparameterize(mu, logVar, new Generator(3, CPU));
        using var second = VariationalAutoencoder.Reparameterize(mu, logVar, new Generator(3, CPU));
        first.sum().backward();

        Assert.Equal(first.data<float>().ToArray(), second.data<float>().ToArray());
        Assert.NotNull(mu.grad);
        Assert.NotNull(logVar.grad);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_vae_lowers_its_loss_on_dense_and_conv_backbones(bool conv)
    {
        var (images, _) = ModelTestData.Shapes(20);
        AutoencoderSpec backbone = conv
            ? ModelTestData.Conv()
            : new DenseSpec { InputDim = images.Cols, HiddenLayers = [32], LatentDim = 4, OutputActivation = OutputActivation.Sigmoid };
        var options = new TrainingOptions(Epochs: 15, BatchSize: 8, LearningRate: 0.01, Seed: 1) { Loss = ReconstructionLoss.Bce };

        var result = AutoencoderTrainer.Train(images, new VaeSpec { Backbone = backbone, Beta = 0.5 }, options);

        Assert.True(result.EpochLosses[^1] < 0.8 * result.EpochLosses[0],
            $"VAE loss went from {result.EpochLosses[0]} to {result.EpochLosses[^1]}");
    }
}
