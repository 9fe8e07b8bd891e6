using System.Text.Json;
using System.Text.Json.Nodes;
using WebClustering.Core.Clustering;

namespace WebClustering.Api.Jobs;

/// <summary>
/// Turns a job's clustering configuration into the engine's <see cref="ClusteringSpec"/>. The API keeps its flat
/// shape (algorithm, k, nInit, ...) and takes the chosen algorithm's own options under <c>options</c>; they are
/// placed in the engine's block of that algorithm and read by <see cref="ClusteringJson"/>, which refuses unknown
/// names, so a misspelt option is a 400 rather than a silent default.
/// </summary>
public static class ClusteringSpecMapping
{
    public const string N2DPreset = "n2d";
    public static readonly string[] Presets = [N2DPreset];

    public static readonly string[] Algorithms =
        ["kmeans", "minibatch_kmeans", "gmm", "agglomerative", "dbscan", "hdbscan", "dec", "idec", "manifold"];

    /// <summary>The algorithm the job runs: a preset's, else the one named.</summary>
    public static string EffectiveAlgorithm(this ClusteringConfig config) => config.Preset == N2DPreset ? "manifold" : config.Algorithm;

    /// <summary>
    /// Names a preset's algorithm in the stored configuration, so that the job shows what it runs. Only the default
    /// algorithm is replaced: a preset given with another one stays as it is, for validation to refuse.
    /// </summary>
    public static ClusteringConfig WithPresetAlgorithm(this ClusteringConfig config) =>
        config.Preset == N2DPreset && config.Algorithm == "kmeans" ? config with { Algorithm = "manifold" } : config;

    /// <summary>The engine block that holds an algorithm's options.</summary>
    public static string OptionsBlock(string algorithm) => algorithm switch
    {
        "kmeans" or "minibatch_kmeans" => "kmeans",
        "dec" or "idec" => "dec",
        _ => algorithm,
    };

    /// <exception cref="JsonException">An unknown option or a value of the wrong type.</exception>
    /// <exception cref="ArgumentException">An unknown algorithm, distance or selection.</exception>
    public static ClusteringSpec ToSpec(this ClusteringConfig config)
    {
        string algorithm = config.EffectiveAlgorithm();
        if (!Algorithms.Contains(algorithm))
            throw new ArgumentException($"Unknown algorithm '{algorithm}'. Supported: {string.Join(", ", Algorithms)}.");
        var spec = new JsonObject
        {
            ["algorithm"] = algorithm,
            ["k"] = config.K,
            ["kmeans"] = new JsonObject { ["n_init"] = config.NInit },
        };
        if (config.Preset == N2DPreset) spec["gmm"] = new JsonObject { ["n_init"] = GmmSpec.N2DStarts };
        if (config.KRange is { } range) spec["k_range"] = new JsonObject { ["min"] = range.Min, ["max"] = range.Max };
        if (config.Selection is { } selection) spec["selection"] = selection;
        if (config.Distance is { } distance) spec["distance"] = distance;
        if (config.Standardize is { } standardize) spec["standardize"] = standardize;
        if (config.Options is { } options)
        {
            string block = OptionsBlock(algorithm);
            var target = spec[block] as JsonObject ?? new JsonObject();
            // The options win over nInit, which is only the common case's shorthand.
            foreach (var (key, value) in JsonNode.Parse(options.ToJsonString())!.AsObject().ToList())
                target[key is "nInit" ? "n_init" : key] = value?.DeepClone();
            spec[block] = target;
        }
        return ClusteringJson.Deserialize<ClusteringSpec>(spec.ToJsonString());
    }
}
