using WebClustering.Core.Models;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// The autoencoder. The configuration stays flat: the dataset supplies the item shape (input width, channels x height
/// x width, steps x features), so a client names only architecture choices. Fields left out are chosen by the service.
/// </summary>
/// <param name="Kind">dense, conv, vae or sequence.</param>
/// <param name="HiddenLayers">dense, and vae with a dense backbone: encoder hidden layer widths from input to latent; the decoder mirrors them.</param>
/// <param name="LatentDim">Size of the latent vector (the embedding).</param>
/// <param name="Activation">dense, conv and vae: relu, leaky_relu, prelu, elu, softplus, sigmoid, tanh, hardtanh or identity, as a name
/// or an object with its parameters: <c>{"name": "leaky_relu", "alpha": 0.2}</c>; alpha (leaky_relu, prelu, elu), min and max
/// (hardtanh), beta (softplus), shared (prelu: one slope for the layer instead of one per unit).</param>
/// <remarks>A field the chosen kind does not use is refused (400 naming it); with no kind, the fields sent choose one that uses them.</remarks>
public sealed record ModelConfig(string? Kind = null, int[]? HiddenLayers = null, int? LatentDim = null, ActivationConfig? Activation = null)
{
    /// <summary>
    /// Every kind: how weights start (biases start at 0): xavier_uniform, xavier_normal, kaiming_uniform or kaiming_normal.
    /// Left out: kaiming_uniform (He) after relu, leaky_relu, prelu and elu; xavier_uniform (Glorot) otherwise and for sequence models.
    /// </summary>
    public WeightInit? Init { get; init; }

    /// <summary>conv, and vae with a conv backbone: the encoder's conv blocks (outChannels, kernel, stride, pool); the decoder mirrors them.</summary>
    public ConvBlock[]? Encoder { get; init; }

    /// <summary>conv: how the decoder grows its maps: nearest, bilinear or transposed.</summary>
    public Upsampling? Upsampling { get; init; }

    /// <summary>vae: the network around the latent, dense or conv.</summary>
    public string? Backbone { get; init; }

    /// <summary>vae: weight of the KL term (1 the plain VAE, above 1 a beta-VAE).</summary>
    public double? Beta { get; init; }

    /// <summary>sequence: the recurrent cell, lstm or gru.</summary>
    public RecurrentCell? Cell { get; init; }

    /// <summary>sequence: units of the recurrent cell.</summary>
    public int? HiddenSize { get; init; }

    /// <summary>sequence: stacked recurrent layers.</summary>
    public int? Layers { get; init; }

    /// <summary>identity or sigmoid; the bce loss needs sigmoid.</summary>
    public OutputActivation? OutputActivation { get; init; }
}
