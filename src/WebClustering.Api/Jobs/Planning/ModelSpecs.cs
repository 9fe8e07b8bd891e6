using WebClustering.Core.Models;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>Builds the Core spec of a planned model for its dataset, and says why a model kind does not fit a dataset.</summary>
public static class ModelSpecs
{
    /// <summary>Null when the model kind can take the dataset's items, else the reason (reported under model.kind).</summary>
    public static string? Misfit(ModelConfig model, string datasetKind)
    {
        string? needs = model.Kind switch
        {
            JobNames.Conv => "images",
            JobNames.Sequence => "sequences",
            JobNames.Vae when VaeBackbone(model, datasetKind) == JobNames.Conv => "images",
            _ => null,
        };
        return needs is null || needs == datasetKind ? null
            : $"A {model.Kind}{(model.Kind == JobNames.Vae ? " (conv backbone)" : "")} model needs a dataset of {needs}, but this dataset's items are {datasetKind}; use dense, or upload {needs}.";
    }

    public static string VaeBackbone(ModelConfig model, string datasetKind) =>
        model.Backbone ?? (datasetKind == "images" ? JobNames.Conv : JobNames.Dense);

    /// <param name="model">A planned model: the fallbacks below only serve configurations stored before plans recorded every field.</param>
    /// <param name="itemShape">The dataset's item shape: [F], [C, H, W] or [T, F].</param>
    /// <exception cref="ArgumentException">An activation or backbone name is unknown.</exception>
    /// <remarks>Fields a kind does not use are ignored here: they are refused when a job is posted (<see cref="ModelFields"/>), not on stored plans.</remarks>
    public static AutoencoderSpec Build(ModelConfig model, string datasetKind, int[] itemShape) => model.Kind switch
    {
        JobNames.Conv => Conv(model, itemShape),
        JobNames.Sequence => new SequenceSpec
        {
            Steps = itemShape[0],
            Features = itemShape[1],
            LatentDim = model.LatentDim ?? JobDefaults.LatentDim,
            Cell = model.Cell ?? JobDefaults.Cell,
            HiddenSize = model.HiddenSize ?? JobDefaults.HiddenSize,
            Layers = model.Layers ?? JobDefaults.Layers,
            Init = model.Init ?? JobDefaults.StoredInit,
            OutputActivation = model.OutputActivation ?? OutputActivation.Identity,
        },
        JobNames.Vae => new VaeSpec
        {
            Backbone = JobNames.Backbones[VaeBackbone(model, datasetKind)] == JobNames.Conv ? Conv(model, itemShape) : Dense(model, itemShape),
            Beta = model.Beta ?? JobDefaults.Beta,
        },
        _ => Dense(model, itemShape),
    };

    // A dense model takes any item flattened: images and sequences included (DEC's MNIST setup).
    private static DenseSpec Dense(ModelConfig model, int[] itemShape) => new()
    {
        InputDim = itemShape.Aggregate(1, (size, dim) => size * dim),
        HiddenLayers = model.HiddenLayers ?? JobDefaults.HiddenLayers,
        LatentDim = model.LatentDim ?? JobDefaults.LatentDim,
        Activation = (model.Activation ?? JobDefaults.Activation).ToSpec(),
        Init = model.Init ?? JobDefaults.StoredInit,
        OutputActivation = model.OutputActivation ?? OutputActivation.Identity,
    };

    private static ConvSpec Conv(ModelConfig model, int[] itemShape) => new()
    {
        Channels = itemShape[0],
        Height = itemShape[1],
        Width = itemShape[2],
        Encoder = model.Encoder ?? JobDefaults.ConvEncoder,
        LatentDim = model.LatentDim ?? JobDefaults.LatentDim,
        Decoder = model.Upsampling is { } upsampling ? new ConvDecoderSpec(upsampling) : null,
        Activation = (model.Activation ?? JobDefaults.Activation).ToSpec(),
        Init = model.Init ?? JobDefaults.StoredInit,
        OutputActivation = model.OutputActivation ?? OutputActivation.Identity,
    };
}
