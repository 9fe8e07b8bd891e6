using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Models;

public class InitializerTests
{
    private const int FanIn = 400, FanOut = 300;

    private static Tensor Initialised(WeightInit init, params long[] shape)
    {
        var weight = empty(shape);
        Initializers.Initialize(weight, init, new Random(1));
        return weight;
    }

    [Fact]
    public void Xavier_uniform_stays_inside_its_bound_and_has_the_variance_of_that_uniform()
    {
        using var weight = Initialised(WeightInit.XavierUniform, FanOut, FanIn);
        double bound = Math.Sqrt(6.0 / (FanIn + FanOut));

        Assert.True(weight.abs().max().item<float>() <= bound);
        // Close to the bound too: a narrower distribution would also pass the first check.
        Assert.True(weight.abs().max().item<float>() > 0.99 * bound);
        // The variance of U[-a, a] is a^2 / 3 = 2 / (fan_in + fan_out).
        Assert.InRange(weight.var().item<float>(), 0.95 * 2.0 / (FanIn + FanOut), 1.05 * 2.0 / (FanIn + FanOut));
    }

    [Theory]
    [InlineData(WeightInit.XavierNormal, 2.0 / (FanIn + FanOut))]
    [InlineData(WeightInit.KaimingNormal, 2.0 / FanIn)]
    [InlineData(WeightInit.KaimingUniform, 2.0 / FanIn)]
    public void Normal_and_kaiming_initialisations_have_the_standard_deviation_of_their_formula(WeightInit init, double variance)
    {
        using var weight = Initialised(init, FanOut, FanIn);

        Assert.InRange(weight.std().item<float>(), 0.97 * Math.Sqrt(variance), 1.03 * Math.Sqrt(variance));
        Assert.InRange(weight.mean().item<float>(), -0.01, 0.01);
    }

    [Fact]
    public void Kaiming_uniform_is_bounded_by_sqrt_of_six_over_fan_in()
    {
        using var weight = Initialised(WeightInit.KaimingUniform, FanOut, FanIn);

        Assert.True(weight.abs().max().item<float>() <= Math.Sqrt(6.0 / FanIn));
        Assert.True(weight.abs().max().item<float>() > 0.99 * Math.Sqrt(6.0 / FanIn));
    }

    [Fact]
    public void Convolution_fans_include_the_receptive_field()
    {
        using var kernel = Initialised(WeightInit.XavierUniform, 16, 8, 3, 3);

        Assert.Equal((8L * 9, 16L * 9), Initializers.Fans(kernel));
        Assert.True(kernel.abs().max().item<float>() <= Math.Sqrt(6.0 / ((8 + 16) * 9)));
        Assert.InRange(kernel.var().item<float>(), 0.9 * 2.0 / ((8 + 16) * 9), 1.1 * 2.0 / ((8 + 16) * 9));
    }

    [Fact]
    public void A_model_starts_with_zero_biases_and_the_same_weights_for_the_same_seed()
    {
        var spec = new DenseSpec { InputDim = 20, HiddenLayers = [16], LatentDim = 2, Init = WeightInit.KaimingNormal };
        using var first = AutoencoderFactory.Create(spec, seed: 4);
        using var second = AutoencoderFactory.Create(spec, seed: 4);
        using var other = AutoencoderFactory.Create(spec, seed: 5);

        foreach (var ((name, a), (_, b), (_, c)) in first.named_parameters().Zip(second.named_parameters(), other.named_parameters()))
        {
            if (name.EndsWith("bias")) Assert.Equal(0f, a.abs().max().item<float>());
            else
            {
                Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
                Assert.NotEqual(a.data<float>().ToArray(), c.data<float>().ToArray());
            }
        }
    }
}
