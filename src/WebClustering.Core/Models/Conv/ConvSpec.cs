using System.Text.Json.Serialization;

namespace WebClustering.Core.Models;

/// <summary>
/// A convolutional autoencoder for C x H x W images. Encoder: conv blocks (conv, activation, optional max pooling),
/// then a linear latent layer. Decoder: a dense layer back to a small feature map, up blocks that grow it, and a 3x3
/// output conv to the input's channels; the grown map is centre-cropped to exactly H x W.
/// JSON: <c>{"kind": "conv", "channels": 1, "height": 28, "width": 28, "encoder": [{"outChannels": 16, "kernel": 3,
/// "stride": 1, "pool": 2}], "latentDim": 10, "decoder": {"upsampling": "nearest", "blocks": [{"outChannels": 16,
/// "kernel": 3, "scale": 2}]}, "activation": "relu", "init": "kaiming_uniform", "outputActivation": "sigmoid"}</c>.
/// </summary>
public sealed record ConvSpec : AutoencoderSpec
{
    public required int Channels { get; init; }
    public required int Height { get; init; }
    public required int Width { get; init; }
    public required IReadOnlyList<ConvBlock> Encoder { get; init; }
    public required int LatentDim { get; init; }

    /// <summary>Null: nearest-neighbour upsampling with blocks that undo the encoder's blocks in reverse.</summary>
    public ConvDecoderSpec? Decoder { get; init; }

    public ActivationSpec Activation { get; init; } = ActivationSpec.Relu;
    public WeightInit Init { get; init; } = WeightInit.XavierUniform;
    public OutputActivation OutputActivation { get; init; } = OutputActivation.Identity;

    [JsonIgnore] public override string Kind => "conv";
    [JsonIgnore] public override int[] ItemShape => [Channels, Height, Width];
    [JsonIgnore] public override int EmbeddingDim => LatentDim;
    [JsonIgnore] public override OutputActivation Output => OutputActivation;

    internal override void CollectProblems(SpecProblems problems)
    {
        problems.Range("channels", Channels, 1);
        problems.Range("height", Height, 1);
        problems.Range("width", Width, 1);
        problems.Range("latentDim", LatentDim, 1);
        if (Activation is null) problems.Add("activation", "is required.");
        else Activation.CollectProblems(problems, "activation");
        if (Encoder is null || Encoder.Count == 0)
        {
            problems.Add("encoder", "needs at least one conv block.");
            return;
        }
        // Shapes only make sense once every size is positive; stop at the first batch of basic problems.
        int before = problems.Messages.Count;
        for (int i = 0; i < Encoder.Count; i++)
            if (Encoder[i] is null) problems.Add($"encoder[{i}]", "is null; a conv block needs at least outChannels.");
            else Encoder[i].CollectProblems(problems, $"encoder[{i}]");
        var decoderBlocks = Decoder?.Blocks;
        for (int i = 0; i < (decoderBlocks?.Count ?? 0); i++)
            if (decoderBlocks![i] is null) problems.Add($"decoder.blocks[{i}]", "is null; an up block needs at least outChannels.");
            else decoderBlocks[i].CollectProblems(problems, $"decoder.blocks[{i}]");
        if (problems.Messages.Count == before) ConvGeometry.CollectShapeProblems(this, problems);
    }
}

/// <summary>
/// Conv (kernel, stride, zero padding kernel / 2 so odd kernels at stride 1 keep the size), activation, then
/// max pooling over <see cref="Pool"/> x <see cref="Pool"/> windows when Pool is above 1.
/// </summary>
public sealed record ConvBlock(int OutChannels, int Kernel = 3, int Stride = 1, int Pool = 1)
{
    internal void CollectProblems(SpecProblems problems, string field)
    {
        problems.Range($"{field}.outChannels", OutChannels, 1);
        problems.Range($"{field}.kernel", Kernel, 1);
        problems.Range($"{field}.stride", Stride, 1);
        problems.Range($"{field}.pool", Pool, 1);
    }
}

/// <summary>How the decoder grows feature maps: interpolation then a conv, or a transposed convolution.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Upsampling>))]
public enum Upsampling
{
    [JsonStringEnumMemberName("nearest")] Nearest,
    [JsonStringEnumMemberName("bilinear")] Bilinear,
    [JsonStringEnumMemberName("transposed")] Transposed,
}

/// <param name="Upsampling">nearest or bilinear (upsample by the block's scale, then a conv), or transposed.</param>
/// <param name="Blocks">Up blocks from the latent map outwards; null undoes the encoder's blocks in reverse.</param>
public sealed record ConvDecoderSpec(Upsampling Upsampling = Upsampling.Nearest, IReadOnlyList<UpBlock>? Blocks = null);

/// <summary>Grows the map by <see cref="Scale"/> (1 keeps its size) and maps it to <see cref="OutChannels"/>, then the activation.</summary>
public sealed record UpBlock(int OutChannels, int Kernel = 3, int Scale = 2)
{
    internal void CollectProblems(SpecProblems problems, string field)
    {
        problems.Range($"{field}.outChannels", OutChannels, 1);
        problems.Range($"{field}.kernel", Kernel, 1);
        problems.Range($"{field}.scale", Scale, 1, 16);
    }
}
