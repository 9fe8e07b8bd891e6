using System.Text.Json;
using System.Text.Json.Nodes;
using WebClustering.Core.Clustering;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// Turns a planned clustering configuration into the engine's <see cref="ClusteringSpec"/>. The API keeps its flat
/// shape (algorithm, k, nInit, ...) and takes the chosen algorithm's own options under <c>options</c>; they are
/// placed in the engine's block of that algorithm and read by <see cref="ClusteringJson"/>, which refuses unknown
/// names, so a misspelt option is a 400 rather than a silent default.
/// </summary>
public static class ClusteringSpecs
{
    /// <summary>The algorithm the job runs: a preset's, else the one named.</summary>
    public static string EffectiveAlgorithm(this ClusteringConfig config) =>
        config.Preset is { } preset && JobNames.Presets.Contains(preset) ? JobNames.Presets[preset] : config.Algorithm ?? JobDefaults.Algorithm;

    /// <summary>The engine block that holds an algorithm's options.</summary>
    public static string OptionsBlock(string algorithm) => algorithm switch
    {
        "kmeans" or "minibatch_kmeans" => "kmeans",
        "dec" or "idec" => "dec",
        _ => algorithm,
    };

    /// <exception cref="JsonException">An unknown option or a value of the wrong type.</exception>
    /// <exception cref="ArgumentException">An unknown algorithm, distance or selection.</exception>
    public static ClusteringSpec Build(ClusteringConfig config)
    {
        string algorithm = config.EffectiveAlgorithm();
        if (!JobNames.Algorithms.Contains(algorithm)) throw new ArgumentException(JobNames.Algorithms.Unknown("algorithm", algorithm));
        var spec = new JsonObject
        {
            ["algorithm"] = algorithm,
            ["k"] = config.K ?? JobDefaults.K,
            ["kmeans"] = new JsonObject { ["n_init"] = config.NInit ?? JobDefaults.NInit },
        };
        if (config.Preset == JobNames.N2D) spec["gmm"] = new JsonObject { ["n_init"] = GmmSpec.N2DStarts };
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
