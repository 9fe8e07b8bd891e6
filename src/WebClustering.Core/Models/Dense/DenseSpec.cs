using System.Text.Json.Serialization;

namespace WebClustering.Core.Models;

/// <summary>
/// A fully connected autoencoder: input → hidden layers (activation after each) → latent (linear); the decoder
/// runs latent → <see cref="DecoderLayers"/> (the hidden layers reversed when not given) → input width.
/// JSON: <c>{"kind": "dense", "inputDim": 784, "hiddenLayers": [500, 500, 2000], "latentDim": 10,
/// "decoderLayers": null, "activation": "relu", "init": "xavier_uniform", "outputActivation": "identity"}</c>.
/// </summary>
public sealed record DenseSpec : AutoencoderSpec
{
    public required int InputDim { get; init; }
    public required IReadOnlyList<int> HiddenLayers { get; init; }
    public required int LatentDim { get; init; }

    /// <summary>Decoder hidden widths from latent to output; null mirrors <see cref="HiddenLayers"/>.</summary>
    public IReadOnlyList<int>? DecoderLayers { get; init; }

    public ActivationSpec Activation { get; init; } = ActivationSpec.Relu;
    public WeightInit Init { get; init; } = WeightInit.XavierUniform;
    public OutputActivation OutputActivation { get; init; } = OutputActivation.Identity;

    [JsonIgnore] public override string Kind => "dense";
    [JsonIgnore] public override int[] ItemShape => [InputDim];
    [JsonIgnore] public override int EmbeddingDim => LatentDim;
    [JsonIgnore] public override OutputActivation Output => OutputActivation;

    /// <summary>Layer widths from input to latent, e.g. [784, 500, 500, 2000, 10].</summary>
    public int[] EncoderWidths() => [InputDim, .. HiddenLayers, LatentDim];

    /// <summary>Layer widths from latent to output, e.g. [10, 2000, 500, 500, 784].</summary>
    public int[] DecoderWidths() => [LatentDim, .. DecoderLayers ?? HiddenLayers.Reverse(), InputDim];

    internal override void CollectProblems(SpecProblems problems)
    {
        problems.Range("inputDim", InputDim, 1);
        problems.Range("latentDim", LatentDim, 1);
        Widths(problems, "hiddenLayers", HiddenLayers);
        if (DecoderLayers is not null) Widths(problems, "decoderLayers", DecoderLayers);
        if (Activation is null) problems.Add("activation", "is required.");
        else Activation.CollectProblems(problems, "activation");
    }

    internal static void Widths(SpecProblems problems, string field, IReadOnlyList<int>? widths)
    {
        // Deserialised JSON may leave a required list null despite the annotation.
        if (widths is null)
        {
            problems.Add(field, "is required (use [] for none).");
            return;
        }
        for (int i = 0; i < widths.Count; i++) problems.Range($"{field}[{i}]", widths[i], 1);
    }
}
