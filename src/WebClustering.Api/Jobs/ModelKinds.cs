using WebClustering.Core.Models;

namespace WebClustering.Api.Jobs;

/// <summary>
/// The options of the model kinds beyond the dense one. The configuration stays flat: the dataset supplies the item
/// shape (input width, channels x height x width, steps x features), so a client names only architecture choices.
/// </summary>
public sealed partial record ModelConfig
{
    /// <summary>conv, and vae with a conv backbone: the encoder's conv blocks (outChannels, kernel, stride, pool); the decoder mirrors them. Default: 16 then 32 channels, 3x3 kernels, each pooled by 2.</summary>
    public ConvBlock[]? Encoder { get; init; }

    /// <summary>conv: how the decoder grows its maps: nearest (default), bilinear or transposed.</summary>
    public Upsampling? Upsampling { get; init; }

    /// <summary>vae: the network around the latent, dense or conv; conv by default on images, dense otherwise.</summary>
    public string? Backbone { get; init; }

    /// <summary>vae: weight of the KL term (1 the plain VAE, above 1 a beta-VAE).</summary>
    public double? Beta { get; init; }

    /// <summary>sequence: the recurrent cell, lstm (default) or gru.</summary>
    public RecurrentCell? Cell { get; init; }

    /// <summary>sequence: units of the recurrent cell (default 32).</summary>
    public int? HiddenSize { get; init; }

    /// <summary>sequence: stacked recurrent layers (default 1).</summary>
    public int? Layers { get; init; }

    /// <summary>identity (default) or sigmoid; the bce loss needs sigmoid.</summary>
    public OutputActivation? OutputActivation { get; init; }

    public static readonly ConvBlock[] DefaultEncoder = [new(16, Kernel: 3, Pool: 2), new(32, Kernel: 3, Pool: 2)];
}

/// <summary>Builds the Core spec of a job's model for its dataset, and says why a model does not fit a dataset.</summary>
public static class ModelSpecs
{
    public static readonly string[] Kinds = ["dense", "conv", "vae", "sequence"];

    /// <summary>Null when the model kind can take the dataset's items, else the reason (reported under model.kind).</summary>
    public static string? Misfit(ModelConfig model, string datasetKind)
    {
        string? needs = model.Kind switch
        {
            "conv" => "images",
            "sequence" => "sequences",
            "vae" when VaeBackbone(model, datasetKind) == "conv" => "images",
            _ => null,
        };
        return needs is null || needs == datasetKind ? null
            : $"A {model.Kind}{(model.Kind == "vae" ? " (conv backbone)" : "")} model needs a dataset of {needs}, but this dataset's items are {datasetKind}; use dense, or upload {needs}.";
    }

    public static string VaeBackbone(ModelConfig model, string datasetKind) => model.Backbone ?? (datasetKind == "images" ? "conv" : "dense");

    /// <param name="itemShape">The dataset's item shape: [F], [C, H, W] or [T, F].</param>
    /// <exception cref="ArgumentException">An activation or backbone name is unknown.</exception>
    public static AutoencoderSpec Build(ModelConfig model, string datasetKind, int[] itemShape) => model.Kind switch
    {
        "conv" => Conv(model, itemShape),
        "sequence" => new SequenceSpec
        {
            Steps = itemShape[0],
            Features = itemShape[1],
            LatentDim = model.LatentDim,
            Cell = model.Cell ?? RecurrentCell.Lstm,
            HiddenSize = model.HiddenSize ?? 32,
            Layers = model.Layers ?? 1,
            OutputActivation = model.OutputActivation ?? OutputActivation.Identity,
        },
        "vae" => new VaeSpec
        {
            Backbone = VaeBackbone(model, datasetKind) switch
            {
                "conv" => Conv(model, itemShape),
                "dense" => Dense(model, itemShape),
                var other => throw new ArgumentException($"Unknown backbone '{other}'. Supported: dense, conv."),
            },
            Beta = model.Beta ?? 1.0,
        },
        _ => Dense(model, itemShape),
    };

    // A dense model takes any item flattened: images and sequences included (DEC's MNIST setup).
    private static DenseSpec Dense(ModelConfig model, int[] itemShape) => new()
    {
        InputDim = itemShape.Aggregate(1, (size, dim) => size * dim),
        HiddenLayers = model.HiddenLayers ?? ModelConfig.DefaultHiddenLayers,
        LatentDim = model.LatentDim,
        Activation = Activations.Parse(model.Activation),
        OutputActivation = model.OutputActivation ?? OutputActivation.Identity,
    };

    private static ConvSpec Conv(ModelConfig model, int[] itemShape) => new()
    {
        Channels = itemShape[0],
        Height = itemShape[1],
        Width = itemShape[2],
        Encoder = model.Encoder ?? ModelConfig.DefaultEncoder,
        LatentDim = model.LatentDim,
        Decoder = model.Upsampling is { } upsampling ? new ConvDecoderSpec(upsampling) : null,
        Activation = Activations.Parse(model.Activation),
        OutputActivation = model.OutputActivation ?? OutputActivation.Identity,
    };
}
