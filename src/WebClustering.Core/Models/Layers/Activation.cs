using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>The activations a hidden layer may use. Names are the API's (snake_case) spelling.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Activation>))]
public enum Activation
{
    [JsonStringEnumMemberName("relu")] Relu,
    [JsonStringEnumMemberName("leaky_relu")] LeakyRelu,
    [JsonStringEnumMemberName("prelu")] Prelu,
    [JsonStringEnumMemberName("elu")] Elu,
    [JsonStringEnumMemberName("softplus")] Softplus,
    [JsonStringEnumMemberName("sigmoid")] Sigmoid,
    [JsonStringEnumMemberName("tanh")] Tanh,
    [JsonStringEnumMemberName("hardtanh")] Hardtanh,
    [JsonStringEnumMemberName("identity")] Identity,
}

public static class Activations
{
    public static readonly IReadOnlyDictionary<string, Activation> ByName = new Dictionary<string, Activation>(StringComparer.OrdinalIgnoreCase)
    {
        ["relu"] = Activation.Relu,
        ["leaky_relu"] = Activation.LeakyRelu,
        ["prelu"] = Activation.Prelu,
        ["elu"] = Activation.Elu,
        ["softplus"] = Activation.Softplus,
        ["sigmoid"] = Activation.Sigmoid,
        ["tanh"] = Activation.Tanh,
        ["hardtanh"] = Activation.Hardtanh,
        ["identity"] = Activation.Identity,
    };

    /// <summary>Why the Heaviside step is not on the list: asked for by name often enough to deserve an answer.</summary>
    public const string StepRefusal =
        "The step function cannot be trained: its gradient is zero almost everywhere (and undefined at 0), so back-propagation gets no signal. Use relu, sigmoid or tanh instead.";

    public static string NameOf(Activation activation) => ByName.First(pair => pair.Value == activation).Key;

    /// <summary>Parses an API name; <c>step</c> and unknown names throw an <see cref="ArgumentException"/> that says why.</summary>
    public static Activation Parse(string name)
    {
        if (ByName.TryGetValue(name, out var activation)) return activation;
        if (string.Equals(name, "step", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException(StepRefusal);
        throw new ArgumentException($"Unknown activation '{name}'. Supported: {string.Join(", ", ByName.Keys)}.");
    }

    /// <summary>Whether the activation takes an alpha: the negative slope (leaky_relu), its start value (prelu) or the saturation (elu).</summary>
    public static bool TakesAlpha(Activation activation) => activation is Activation.LeakyRelu or Activation.Prelu or Activation.Elu;

    public static double DefaultAlpha(Activation activation) => activation switch
    {
        Activation.LeakyRelu => 0.01,
        Activation.Prelu => 0.25,
        _ => 1.0,
    };

    /// <param name="spec">The activation and its parameters.</param>
    /// <param name="width">Neurons (dense) or channels (conv) of the layer it follows: PReLU learns one slope for each unless shared.</param>
    internal static nn.Module<Tensor, Tensor> Create(ActivationSpec spec, long width)
    {
        double alpha = spec.Alpha ?? DefaultAlpha(spec.Kind);
        return spec.Kind switch
        {
            Activation.Relu => nn.ReLU(),
            Activation.LeakyRelu => nn.LeakyReLU(alpha),
            Activation.Prelu => nn.PReLU(spec.Shared == true ? 1 : width, alpha),
            Activation.Elu => nn.ELU(alpha),
            Activation.Softplus => nn.Softplus(spec.Beta ?? 1.0),
            Activation.Sigmoid => nn.Sigmoid(),
            Activation.Tanh => nn.Tanh(),
            Activation.Hardtanh => new Hardtanh(spec.Min ?? -1, spec.Max ?? 1),
            Activation.Identity => nn.Identity(),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, null),
        };
    }
}
