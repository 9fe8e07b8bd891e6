using System.Text.Json;
using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Models;

/// <summary>Each activation parameter changes what the layer computes, is read from and written to JSON, and is refused where it does not belong.</summary>
public class ActivationParameterTests
{
    private static readonly float[] Inputs = [-3f, -1.5f, -0.5f, 0f, 0.5f, 1.5f, 3f];

    private static float[] Apply(ActivationSpec activation)
    {
        using var module = Activations.Create(activation, width: Inputs.Length);
        using var input = tensor(Inputs).reshape(1, Inputs.Length);
        using var _ = no_grad();
        return module.forward(input).data<float>().ToArray();
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.05)]
    public void The_leaky_slope_scales_negative_inputs_and_leaves_positive_ones(double alpha)
    {
        var output = Apply(new ActivationSpec(Activation.LeakyRelu, alpha));

        for (int i = 0; i < Inputs.Length; i++)
            Assert.Equal(Inputs[i] < 0 ? (float)(alpha * Inputs[i]) : Inputs[i], output[i], 5);
    }

    [Fact]
    public void Elu_saturates_at_minus_alpha()
    {
        var output = Apply(new ActivationSpec(Activation.Elu, 0.5));

        Assert.Equal((float)(0.5 * (Math.Exp(-3) - 1)), output[0], 5);
        Assert.Equal(3f, output[^1], 5);
    }

    [Fact]
    public void Hardtanh_clips_at_its_min_and_max()
    {
        var output = Apply(new ActivationSpec(Activation.Hardtanh) { Min = -0.5, Max = 2 });

        Assert.Equal([-0.5f, -0.5f, -0.5f, 0f, 0.5f, 1.5f, 2f], output);
    }

    [Fact]
    public void Softplus_beta_sharpens_the_curve()
    {
        const double beta = 4;
        var output = Apply(new ActivationSpec(Activation.Softplus) { Beta = beta });

        for (int i = 0; i < Inputs.Length; i++) Assert.Equal((float)(Math.Log(1 + Math.Exp(beta * Inputs[i])) / beta), output[i], 4);
        // beta 1 would give log 2 at 0; beta 4 gives a quarter of it.
        Assert.Equal((float)(Math.Log(2) / 4), output[3], 5);
    }

    [Theory]
    [InlineData(false, 5)]
    [InlineData(true, 1)]
    public void Prelu_slopes_are_parameters_of_the_module_one_per_unit_or_shared(bool shared, long slopes)
    {
        var spec = new DenseSpec { InputDim = 12, HiddenLayers = [5], LatentDim = 2, Activation = new ActivationSpec(Activation.Prelu, 0.3) { Shared = shared } };
        using var model = AutoencoderFactory.Create(spec);

        var prelus = model.named_parameters().Where(p => p.parameter.dim() == 1 && !p.name.EndsWith("bias")).ToList();

        Assert.Equal(2, prelus.Count); // one after the encoder's hidden layer, one after the decoder's
        foreach (var (name, slope) in prelus)
        {
            Assert.True(slope.requires_grad, $"{name} is not trained");
            Assert.Equal([slopes], slope.shape);
            Assert.All(slope.data<float>().ToArray(), value => Assert.Equal(0.3f, value, 6));
        }
    }

    [Fact]
    public void Parameters_round_trip_through_json()
    {
        var hardtanh = new ActivationSpec(Activation.Hardtanh) { Min = -2, Max = 3 };
        var prelu = new ActivationSpec(Activation.Prelu, 0.1) { Shared = true };

        foreach (var spec in new[] { hardtanh, prelu, new ActivationSpec(Activation.Softplus) { Beta = 2 } })
            Assert.Equal(spec, JsonSerializer.Deserialize<ActivationSpec>(JsonSerializer.Serialize(spec, ModelJson.Options), ModelJson.Options));
        Assert.Equal("""{"name":"hardtanh","min":-2,"max":3}""", JsonSerializer.Serialize(hardtanh));
        Assert.Equal("\"tanh\"", JsonSerializer.Serialize(new ActivationSpec(Activation.Tanh)));
        Assert.Equal(prelu, JsonSerializer.Deserialize<ActivationSpec>("""{"name": "prelu", "alpha": 0.1, "shared": true}"""));
    }

    [Theory]
    [InlineData("""{"name": "relu", "beta": 2}""", "activation.beta", "softplus")]
    [InlineData("""{"name": "tanh", "min": 0}""", "activation.min", "hardtanh")]
    [InlineData("""{"name": "elu", "shared": true}""", "activation.shared", "prelu")]
    [InlineData("""{"name": "hardtanh", "min": 1, "max": 1}""", "activation.max", "greater than min")]
    [InlineData("""{"name": "softplus", "beta": 0}""", "activation.beta", "greater than 0")]
    public void A_parameter_that_does_not_apply_or_is_out_of_range_is_refused_naming_it(string json, string field, string expected)
    {
        var spec = ModelTestData.Dense(12) with { Activation = JsonSerializer.Deserialize<ActivationSpec>(json)! };

        var problem = Assert.Single(spec.Problems());

        Assert.StartsWith(field + ":", problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void An_unknown_activation_property_is_refused()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ActivationSpec>("""{"name": "elu", "slope": 2}"""));
        Assert.Contains("slope", error.Message);
    }
}
