using TorchSharp;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>The activations a hidden layer may use. Names are the API's (snake_case) spelling.</summary>
public enum Activation
{
    Relu,
    LeakyRelu,
    Elu,
    Softplus,
    Sigmoid,
    Tanh,
    Hardtanh,
    Identity,
}

public static class Activations
{
    public static readonly IReadOnlyDictionary<string, Activation> ByName = new Dictionary<string, Activation>(StringComparer.OrdinalIgnoreCase)
    {
        ["relu"] = Activation.Relu,
        ["leaky_relu"] = Activation.LeakyRelu,
        ["elu"] = Activation.Elu,
        ["softplus"] = Activation.Softplus,
        ["sigmoid"] = Activation.Sigmoid,
        ["tanh"] = Activation.Tanh,
        ["hardtanh"] = Activation.Hardtanh,
        ["identity"] = Activation.Identity,
    };

    public static string NameOf(Activation activation) => ByName.First(pair => pair.Value == activation).Key;

    internal static nn.Module<Tensor, Tensor> Create(Activation activation) => activation switch
    {
        Activation.Relu => nn.ReLU(),
        Activation.LeakyRelu => nn.LeakyReLU(0.01),
        Activation.Elu => nn.ELU(),
        Activation.Softplus => nn.Softplus(),
        Activation.Sigmoid => nn.Sigmoid(),
        Activation.Tanh => nn.Tanh(),
        Activation.Hardtanh => nn.Hardtanh(),
        Activation.Identity => nn.Identity(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };
}
