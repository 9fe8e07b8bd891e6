using System.Text.Json.Serialization;
using WebClustering.Core.Models;

namespace WebClustering.Core.Export;

/// <summary>
/// One layer of an exported model. <see cref="Name"/> is its name inside its <see cref="ModulePart"/>, so that its
/// parameters are the module's state_dict entries <c>part.name.weight</c> (or <c>part.weight</c> when the part is this
/// one layer and the name is null). The same description drives the ONNX graphs and PyTorch's load_model.py.
/// Shapes exclude the batch dimension.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(LinearLayer), "linear")]
[JsonDerivedType(typeof(ActivationLayer), "activation")]
[JsonDerivedType(typeof(ReshapeLayer), "reshape")]
[JsonDerivedType(typeof(ConvLayer), "conv2d")]
[JsonDerivedType(typeof(MaxPoolLayer), "maxpool2d")]
[JsonDerivedType(typeof(UpsampleLayer), "upsample")]
[JsonDerivedType(typeof(ConvTransposeLayer), "conv_transpose2d")]
[JsonDerivedType(typeof(CropLayer), "center_crop")]
[JsonDerivedType(typeof(RecurrentLayerInfo), "recurrent")]
[JsonDerivedType(typeof(LastStepLayer), "last_step")]
[JsonDerivedType(typeof(RepeatLayer), "repeat")]
public abstract record LayerInfo(string? Name);

/// <summary>y = x Wᵀ + b over the last dimension (torch.nn.Linear).</summary>
public sealed record LinearLayer(string? Name, int In, int Out) : LayerInfo(Name);

/// <param name="Activation">The API's name (relu, leaky_relu, prelu, elu, softplus, sigmoid, tanh, hardtanh, identity).</param>
/// <param name="Alpha">leaky_relu's slope, elu's alpha or prelu's starting slope (the learnt ones are its weight); null for others.</param>
/// <param name="Width">prelu's slopes: one per unit (vectors) or channel (maps), or 1 when the layer shares one.</param>
/// <param name="OnMaps">Whether it follows [C, H, W] maps (prelu's slopes then act on dimension 1 of 4).</param>
/// <param name="Min">hardtanh's lower clip; null for others.</param>
/// <param name="Max">hardtanh's upper clip; null for others.</param>
/// <param name="Beta">softplus's sharpness; null for others.</param>
public sealed record ActivationLayer(string? Name, string Activation, double? Alpha, int Width, bool OnMaps,
    double? Min = null, double? Max = null, double? Beta = null) : LayerInfo(Name)
{
    public static ActivationLayer From(string name, ActivationSpec spec, int width, bool onMaps) => new(name,
        Activations.NameOf(spec.Kind),
        Activations.TakesAlpha(spec.Kind) ? spec.Alpha ?? Activations.DefaultAlpha(spec.Kind) : null,
        spec.Kind == Models.Activation.Prelu && spec.Shared == true ? 1 : width, onMaps,
        spec.Kind == Models.Activation.Hardtanh ? spec.Min ?? -1 : null,
        spec.Kind == Models.Activation.Hardtanh ? spec.Max ?? 1 : null,
        spec.Kind == Models.Activation.Softplus ? spec.Beta ?? 1 : null);
}

/// <summary>Reshapes each item to <see cref="Shape"/> (unflatten to maps, flatten, or rows to [steps, features]).</summary>
public sealed record ReshapeLayer(string? Name, int[] Shape) : LayerInfo(Name);

/// <summary>torch.nn.Conv2d with zero padding on every side.</summary>
public sealed record ConvLayer(string? Name, int In, int Out, int Kernel, int Stride, int Padding) : LayerInfo(Name);

/// <summary>Max pooling over Size x Size windows with stride Size.</summary>
public sealed record MaxPoolLayer(string? Name, int Size) : LayerInfo(Name);

/// <summary>Upsampling by an integer scale: nearest, or bilinear with align_corners false.</summary>
public sealed record UpsampleLayer(string? Name, int Scale, string Mode) : LayerInfo(Name);

public sealed record ConvTransposeLayer(string? Name, int In, int Out, int Kernel, int Stride, int Padding, int OutputPadding) : LayerInfo(Name);

/// <summary>Crops [C, InHeight, InWidth] maps to their central Height x Width (offsets rounded down).</summary>
public sealed record CropLayer(string? Name, int InHeight, int InWidth, int Height, int Width) : LayerInfo(Name);

/// <summary>A batch-first LSTM or GRU, [steps, In] → [steps, Hidden]: the top layer's output at every step.</summary>
public sealed record RecurrentLayerInfo(string? Name, RecurrentCell Cell, int In, int Hidden, int Layers) : LayerInfo(Name);

/// <summary>[steps, H] → [H]: the last step.</summary>
public sealed record LastStepLayer(string? Name) : LayerInfo(Name);

/// <summary>[D] → [Steps, D]: the vector repeated at every step.</summary>
public sealed record RepeatLayer(string? Name, int Steps) : LayerInfo(Name);

/// <summary>A direct child of the autoencoder module: a Sequential of named layers, or one layer (its name null).</summary>
public sealed record ModulePart(string Name, IReadOnlyList<LayerInfo> Layers)
{
    [JsonIgnore] public bool IsSingleLayer => Layers is [{ Name: null }];

    /// <summary>The state_dict key of a parameter of one of this part's layers.</summary>
    public string Key(LayerInfo layer, string parameter) => layer.Name is null ? $"{Name}.{parameter}" : $"{Name}.{layer.Name}.{parameter}";
}

/// <summary>
/// A model as its exports describe it: every child module (<see cref="Parts"/>, whose parameters are the state_dict),
/// the parts the encoder runs in order (rows to embedding; a VAE's mu) and those the decoder runs (embedding to the
/// reconstruction before <see cref="OutputActivation"/>).
/// </summary>
public sealed record ModelLayout(string Kind, int[] ItemShape, int InputSize, int LatentDim, IReadOnlyList<ModulePart> Parts,
    IReadOnlyList<string> Encoder, IReadOnlyList<string> Decoder, string OutputActivation)
{
    public ModulePart Part(string name) => Parts.First(part => part.Name == name);

    public IEnumerable<ModulePart> EncoderParts => Encoder.Select(Part);

    public IEnumerable<ModulePart> DecoderParts => Decoder.Select(Part);
}
