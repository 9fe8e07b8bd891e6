using System.Text.Json.Serialization;

namespace WebClustering.Core.Models;

/// <summary>
/// The recurrent cell of a sequence autoencoder. On CPU, libtorch 2.10's GRU trained about 10x slower per step than its
/// LSTM here (tiny 16-unit cells, one thread), so prefer lstm unless a GRU is what is wanted.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecurrentCell>))]
public enum RecurrentCell
{
    [JsonStringEnumMemberName("lstm")] Lstm,
    [JsonStringEnumMemberName("gru")] Gru,
}

/// <summary>
/// A recurrent autoencoder for sequences of <see cref="Steps"/> x <see cref="Features"/> (flattened step-major).
/// Encoder: an LSTM or GRU over the steps; its last layer's final hidden state goes through a linear layer to the
/// latent. Decoder: the latent repeated over every step feeds a second LSTM or GRU, and a linear layer maps each
/// step's output back to the features.
/// JSON: <c>{"kind": "sequence", "steps": 50, "features": 3, "latentDim": 8, "cell": "lstm", "hiddenSize": 32,
/// "layers": 1, "init": "xavier_uniform", "outputActivation": "identity"}</c>.
/// </summary>
public sealed record SequenceSpec : AutoencoderSpec
{
    public required int Steps { get; init; }
    public required int Features { get; init; }
    public required int LatentDim { get; init; }
    public RecurrentCell Cell { get; init; } = RecurrentCell.Lstm;
    public int HiddenSize { get; init; } = 32;
    public int Layers { get; init; } = 1;
    public WeightInit Init { get; init; } = WeightInit.XavierUniform;
    public OutputActivation OutputActivation { get; init; } = OutputActivation.Identity;

    [JsonIgnore] public override string Kind => "sequence";
    [JsonIgnore] public override int[] ItemShape => [Steps, Features];
    [JsonIgnore] public override int EmbeddingDim => LatentDim;
    [JsonIgnore] public override OutputActivation Output => OutputActivation;

    internal override void CollectProblems(SpecProblems problems)
    {
        problems.Range("steps", Steps, 1);
        problems.Range("features", Features, 1);
        problems.Range("latentDim", LatentDim, 1);
        problems.Range("hiddenSize", HiddenSize, 1);
        problems.Range("layers", Layers, 1, 16);
    }
}
