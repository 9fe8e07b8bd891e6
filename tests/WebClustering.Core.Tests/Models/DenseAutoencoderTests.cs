using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Models;

public class DenseAutoencoderTests
{
    [Fact]
    public void Weights_start_inside_the_xavier_uniform_bound_and_biases_at_zero()
    {
        using var model = new DenseAutoencoder(new AutoencoderSpec(400, [300], 10, Activation.Relu));
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.EndsWith("bias"))
            {
                Assert.Equal(0f, parameter.abs().max().item<float>());
                continue;
            }
            long fanOut = parameter.shape[0], fanIn = parameter.shape[1];
            double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
            Assert.True(parameter.abs().max().item<float>() <= bound, $"{name} exceeds the Xavier bound {bound}");
            // The variance of U[-a, a] is a^2 / 3 = 2 / (fan_in + fan_out).
            double variance = parameter.var().item<float>();
            Assert.InRange(variance, 0.9 * 2.0 / (fanIn + fanOut), 1.1 * 2.0 / (fanIn + fanOut));
        }
    }

    [Fact]
    public void Encoder_maps_to_the_latent_size_and_decoder_back_to_the_input_size()
    {
        using var model = new DenseAutoencoder(new AutoencoderSpec(12, [8, 4], 2, Activation.Elu));
        using var input = randn(5, 12);

        Assert.Equal(new long[] { 5, 2 }, model.Encode(input).shape);
        Assert.Equal(new long[] { 5, 12 }, model.forward(input).shape);
    }

    [Fact]
    public void A_latent_size_below_one_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new DenseAutoencoder(new AutoencoderSpec(12, [8], 0, Activation.Relu)));
    }
}
