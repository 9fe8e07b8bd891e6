using System.Text.Json.Serialization;

namespace WebClustering.Core.Models;

/// <summary>How the decoder's last layer is read: as values (<c>identity</c>) or as probabilities (<c>sigmoid</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputActivation>))]
public enum OutputActivation
{
    [JsonStringEnumMemberName("identity")] Identity,
    [JsonStringEnumMemberName("sigmoid")] Sigmoid,
}

/// <summary>
/// The architecture of an autoencoder: everything needed to rebuild it before its weights are loaded. One record
/// per kind, told apart in JSON by the <c>kind</c> property (<c>dense</c>, <c>conv</c>, <c>vae</c>, <c>sequence</c>).
/// </summary>
/// <remarks>
/// Every kind reads and writes items as flattened rows of <see cref="InputSize"/> floats (row-major over
/// <see cref="ItemShape"/>, e.g. C x H x W or T x F), so that training, encoding and storage stay shape-agnostic.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(DenseSpec), "dense")]
[JsonDerivedType(typeof(ConvSpec), "conv")]
[JsonDerivedType(typeof(VaeSpec), "vae")]
[JsonDerivedType(typeof(SequenceSpec), "sequence")]
public abstract record AutoencoderSpec
{
    /// <summary>The kind's name as the <c>kind</c> discriminator spells it.</summary>
    [JsonIgnore] public abstract string Kind { get; }

    /// <summary>The shape of one item, e.g. [D], [C, H, W] or [T, F].</summary>
    [JsonIgnore] public abstract int[] ItemShape { get; }

    /// <summary>Width of the vectors the encoder returns (the embedding that is clustered).</summary>
    [JsonIgnore] public abstract int EmbeddingDim { get; }

    /// <summary>What the decoder's output goes through; <c>sigmoid</c> is required by the <c>bce</c> loss.</summary>
    [JsonIgnore] public abstract OutputActivation Output { get; }

    /// <summary>Number of floats in a flattened item.</summary>
    [JsonIgnore] public long InputSize => ItemShape.Aggregate(1L, (size, dim) => size * dim);

    /// <summary>Every problem with this spec, each naming its field (JSON path, e.g. <c>encoder[1].stride</c>).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        CollectProblems(new SpecProblems(problems, ""));
        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, if there is any.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid {Kind} autoencoder: {string.Join(" ", problems)}");
    }

    internal abstract void CollectProblems(SpecProblems problems);
}

/// <summary>Collects validation messages under a JSON path prefix, so nested specs report full paths.</summary>
internal readonly record struct SpecProblems(List<string> Messages, string Prefix)
{
    public void Add(string field, string message) => Messages.Add($"{Prefix}{field}: {message}");

    public SpecProblems Nested(string field) => this with { Prefix = $"{Prefix}{field}." };

    /// <summary>Adds a problem when <paramref name="value"/> lies outside [min, max].</summary>
    public void Range(string field, long value, long min, long max = int.MaxValue)
    {
        if (value < min) Add(field, $"must be at least {min} (got {value}).");
        else if (value > max) Add(field, $"must be at most {max} (got {value}).");
    }
}
