using System.Text.Json;
using WebClustering.Core.Models;
using WebClustering.Core.Training;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Models;

public class ActivationTests
{
    private static readonly float[] Inputs = [-2f, -0.5f, 0f, 0.5f, 2f];

    private static float[] Apply(ActivationSpec activation)
    {
        using var module = Activations.Create(activation, width: Inputs.Length);
        using var input = tensor(Inputs).reshape(1, Inputs.Length);
        using var _ = no_grad();
        return module.forward(input).data<float>().ToArray();
    }

    public static TheoryData<ActivationSpec, float[]> KnownValues() => new()
    {
        { Activation.Relu, [0f, 0f, 0f, 0.5f, 2f] },
        { new ActivationSpec(Activation.LeakyRelu, 0.2), [-0.4f, -0.1f, 0f, 0.5f, 2f] },
        { Activation.LeakyRelu, [-0.02f, -0.005f, 0f, 0.5f, 2f] },
        { new ActivationSpec(Activation.Prelu, 0.3), [-0.6f, -0.15f, 0f, 0.5f, 2f] },
        { new ActivationSpec(Activation.Elu, 2.0), [(float)(2 * (Math.Exp(-2) - 1)), (float)(2 * (Math.Exp(-0.5) - 1)), 0f, 0.5f, 2f] },
        { Activation.Softplus, [.. Inputs.Select(x => (float)Math.Log(1 + Math.Exp(x)))] },
        { Activation.Sigmoid, [.. Inputs.Select(x => (float)(1 / (1 + Math.Exp(-x))))] },
        { Activation.Tanh, [.. Inputs.Select(x => (float)Math.Tanh(x))] },
        { Activation.Hardtanh, [-1f, -0.5f, 0f, 0.5f, 1f] },
        { Activation.Identity, Inputs },
    };

    [Theory]
    [MemberData(nameof(KnownValues))]
    public void Each_activation_gives_its_known_values(ActivationSpec activation, float[] expected)
    {
        var actual = Apply(activation);

        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Fact]
    public void The_step_function_is_refused_because_its_gradient_is_zero_almost_everywhere()
    {
        var error = Assert.Throws<ArgumentException>(() => Activations.Parse("step"));
        Assert.Contains("gradient is zero almost everywhere", error.Message);

        var json = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ActivationSpec>("\"step\"", ModelJson.Options));
        Assert.Contains("gradient is zero almost everywhere", json.Message);
    }

    [Fact]
    public void An_activation_reads_from_a_name_or_an_object_with_alpha()
    {
        Assert.Equal(new ActivationSpec(Activation.Elu), JsonSerializer.Deserialize<ActivationSpec>("\"elu\"", ModelJson.Options));
        Assert.Equal(new ActivationSpec(Activation.LeakyRelu, 0.2),
            JsonSerializer.Deserialize<ActivationSpec>("""{"name": "leaky_relu", "alpha": 0.2}""", ModelJson.Options));
        Assert.Equal("""{"name":"leaky_relu","alpha":0.2}""",
            JsonSerializer.Serialize(new ActivationSpec(Activation.LeakyRelu, 0.2), new JsonSerializerOptions(ModelJson.Options) { WriteIndented = false }));
    }

    [Fact]
    public void An_alpha_on_an_activation_that_has_none_is_refused_naming_the_field()
    {
        var spec = ModelTestData.Dense(12) with { Activation = new ActivationSpec(Activation.Tanh, 0.5) };

        var error = Assert.Throws<ArgumentException>(spec.Validate);
        Assert.Contains("activation.alpha", error.Message);
    }

    [Fact]
    public void Prelu_learns_one_alpha_per_neuron()
    {
        var spec = new DenseSpec { InputDim = 12, HiddenLayers = [8, 5], LatentDim = 2, Activation = Activation.Prelu };
        var (data, _) = TestData.Blobs(20, 3, 12);

        var model = AutoencoderTrainer.Train(data, spec, new TrainingOptions(Epochs: 10, BatchSize: 16, LearningRate: 0.01)).Model;

        var alphas = model.named_parameters().Where(p => p.parameter.dim() == 1 && !p.name.EndsWith("bias")).ToList();
        // Encoder hidden layers 8 and 5, decoder hidden layers 5 and 8: one alpha per neuron of each.
        Assert.Equal(new long[] { 8, 5, 5, 8 }, alphas.Select(p => p.parameter.shape[0]));
        foreach (var (name, alpha) in alphas)
        {
            var values = alpha.data<float>().ToArray();
            Assert.True(values.Any(v => Math.Abs(v - 0.25f) > 1e-4), $"{name} never moved from its start value 0.25");
            Assert.True(values.Distinct().Count() > 1, $"{name} learned one shared alpha, not one per neuron");
        }
    }
}
