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

    /// <summary>The first layer of a model built from a spec (400 inputs to 300 units): the spec's init is what it gets.</summary>
    [Theory]
    [InlineData(WeightInit.XavierUniform, 2.0 / (FanIn + FanOut), true)]
    [InlineData(WeightInit.XavierNormal, 2.0 / (FanIn + FanOut), false)]
    [InlineData(WeightInit.KaimingUniform, 2.0 / FanIn, true)]
    [InlineData(WeightInit.KaimingNormal, 2.0 / FanIn, false)]
    public void A_models_layers_start_with_the_statistics_of_the_specs_init(WeightInit init, double variance, bool uniform)
    {
        var spec = new DenseSpec { InputDim = FanIn, HiddenLayers = [FanOut], LatentDim = 2, Init = init };
        using var model = AutoencoderFactory.Create(spec, seed: 2);
        var weight = model.named_parameters().First(p => p.parameter.dim() == 2).parameter;

        Assert.Equal(new long[] { FanOut, FanIn }, weight.shape);
        Assert.InRange(weight.std().item<float>(), 0.97 * Math.Sqrt(variance), 1.03 * Math.Sqrt(variance));
        // A uniform's bound is sqrt(3) standard deviations; a normal of 120,000 draws goes beyond 4.
        double extreme = weight.abs().max().item<float>() / Math.Sqrt(variance);
        if (uniform) Assert.InRange(extreme, 0.99 * Math.Sqrt(3), Math.Sqrt(3) + 1e-6);
        else Assert.True(extreme > 4, $"max |w| is {extreme:F2} standard deviations: not a normal");
    }

    [Theory]
    [InlineData(Activation.Relu, WeightInit.KaimingUniform)]
    [InlineData(Activation.LeakyRelu, WeightInit.KaimingUniform)]
    [InlineData(Activation.Prelu, WeightInit.KaimingUniform)]
    [InlineData(Activation.Elu, WeightInit.KaimingUniform)]
    [InlineData(Activation.Tanh, WeightInit.XavierUniform)]
    [InlineData(Activation.Sigmoid, WeightInit.XavierUniform)]
    [InlineData(Activation.Softplus, WeightInit.XavierUniform)]
    [InlineData(Activation.Hardtanh, WeightInit.XavierUniform)]
    [InlineData(Activation.Identity, WeightInit.XavierUniform)]
    [InlineData(null, WeightInit.XavierUniform)]
    public void The_default_init_is_he_for_rectifiers_and_glorot_otherwise(Activation? activation, WeightInit expected)
    {
        Assert.Equal(expected, Initializers.DefaultFor(activation));
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
