namespace WebClustering.Api.Jobs.Planning;

/// <summary>A model kind with, for a VAE, its backbone: what decides which architecture fields a model uses.</summary>
public readonly record struct Architecture(string Kind, string? Backbone = null)
{
    public static readonly Architecture Dense = new(JobNames.Dense), Conv = new(JobNames.Conv), Sequence = new(JobNames.Sequence),
        DenseVae = new(JobNames.Vae, JobNames.Dense), ConvVae = new(JobNames.Vae, JobNames.Conv);

    /// <summary>In the order the automatic recipe prefers them when the fields sent allow several.</summary>
    public static readonly Architecture[] All = [Dense, Conv, DenseVae, ConvVae, Sequence];

    public override string ToString() => Backbone is null ? Kind : $"{Kind} ({Backbone} backbone)";
}

/// <summary>
/// Which architecture fields of <see cref="ModelConfig"/> each kind uses (read off <see cref="ModelSpecs.Build"/>):
/// a field sent for a kind that does not use it is refused when the job is posted, and when the kind (or a VAE's
/// backbone) is left to the recipe, the fields sent narrow it to the kinds that use them all. kind, latentDim, init
/// and outputActivation apply to every kind.
/// </summary>
public static class ModelFields
{
    private static readonly (string Field, Func<ModelConfig, bool> Sent, Architecture[] UsedBy)[] Fields =
    [
        ("hiddenLayers", m => m.HiddenLayers is not null, [Architecture.Dense, Architecture.DenseVae]),
        ("encoder", m => m.Encoder is not null, [Architecture.Conv, Architecture.ConvVae]),
        ("upsampling", m => m.Upsampling is not null, [Architecture.Conv, Architecture.ConvVae]),
        ("activation", m => m.Activation is not null, [Architecture.Dense, Architecture.Conv, Architecture.DenseVae, Architecture.ConvVae]),
        ("backbone", m => m.Backbone is not null, [Architecture.DenseVae, Architecture.ConvVae]),
        ("beta", m => m.Beta is not null, [Architecture.DenseVae, Architecture.ConvVae]),
        ("cell", m => m.Cell is not null, [Architecture.Sequence]),
        ("hiddenSize", m => m.HiddenSize is not null, [Architecture.Sequence]),
        ("layers", m => m.Layers is not null, [Architecture.Sequence]),
    ];

    /// <summary>The architecture of a model whose kind is set; a VAE's backbone is the one sent, else the dataset's default.</summary>
    public static Architecture Of(ModelConfig model, string datasetKind) =>
        new(model.Kind ?? JobDefaults.Kind, model.Kind == JobNames.Vae ? ModelSpecs.VaeBackbone(model, datasetKind) : null);

    public static bool Uses(Architecture architecture, string field) => Fields.First(f => f.Field == field).UsedBy.Contains(architecture);

    /// <summary>The architectures that use every architecture field set in <paramref name="model"/> (and match its kind and backbone, if set).</summary>
    public static IReadOnlyList<Architecture> Candidates(ModelConfig model) =>
        [.. Architecture.All.Where(a => (model.Kind is null || a.Kind == model.Kind) && (model.Backbone is null || a.Backbone == model.Backbone)
            && Fields.All(f => !f.Sent(model) || f.UsedBy.Contains(a)))];

    /// <summary>The architecture fields set in <paramref name="model"/>, as JSON paths, for the recipe's reasons.</summary>
    public static IReadOnlyList<string> Sent(ModelConfig model) => [.. Fields.Where(f => f.Sent(model)).Select(f => $"model.{f.Field}")];

    /// <summary>Every field set in a planned model that its architecture does not use: (JSON path, why).</summary>
    public static IEnumerable<(string Path, string Message)> NotApplicable(ModelConfig model, string datasetKind)
    {
        var architecture = Of(model, datasetKind);
        // An unknown kind or backbone is refused under its own name; what it would use is unknown.
        if (!JobNames.ModelKinds.Contains(architecture.Kind) || architecture.Backbone is { } backbone && !JobNames.Backbones.Contains(backbone))
            yield break;
        foreach (var (field, sent, usedBy) in Fields)
            if (sent(model) && !usedBy.Contains(architecture))
                yield return ($"model.{field}", $"{field} is not used by a {architecture} model; it applies to {string.Join(" and ", usedBy)}. " +
                    "Leave it out, or choose a kind that uses it.");
    }
}
