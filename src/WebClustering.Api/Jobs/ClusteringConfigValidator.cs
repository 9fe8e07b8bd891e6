using System.Text.Json;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Core.Clustering;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Jobs;

/// <summary>
/// The clustering part of <see cref="JobConfigurationValidator"/>: everything the engine would refuse later, checked
/// against the dataset before the job is queued. Keys are the JSON paths of the offending fields.
/// </summary>
public static class ClusteringConfigValidator
{
    public static void Validate(ClusteringConfig clustering, DatasetRecord? dataset, Action<string, string> add)
    {
        if (clustering.Preset is { } preset)
        {
            if (!JobNames.Presets.Contains(preset))
                add("clustering.preset", JobNames.Presets.Unknown("preset", preset));
            else if (clustering.Algorithm is not ("kmeans" or "manifold"))
                add("clustering.preset", $"The preset '{preset}' chooses the algorithm (manifold); leave algorithm out or give manifold.");
        }
        string algorithm = clustering.EffectiveAlgorithm();
        if (!JobNames.Algorithms.Contains(algorithm))
        {
            add("clustering.algorithm", JobNames.Algorithms.Unknown("algorithm", algorithm));
            return;
        }
        if (clustering.NInit is < 1 or > 1000) add("clustering.nInit", "nInit must be between 1 and 1000.");

        ClusteringSpec spec;
        try
        {
            spec = ClusteringSpecs.Build(clustering);
        }
        catch (JsonException error)
        {
            add(FieldOf(error), Describe(error));
            return;
        }
        catch (ArgumentException error)
        {
            add("clustering", error.Message);
            return;
        }

        int rows = dataset?.RowCount ?? int.MaxValue;
        if (spec.HasK && spec.KRange is null)
        {
            if (clustering.K is not { } k || k < 2) add("clustering.k", "k must be at least 2.");
            else if (clustering.K > rows)
                add("clustering.k", $"k is {clustering.K} but the dataset has only {rows} rows; k must not exceed the number of rows.");
        }
        if (spec.KRange is { } range)
        {
            if (!spec.HasK) add("clustering.kRange", $"kRange does not apply to {algorithm}: it finds the number of clusters itself.");
            else if (range.Min < 2 || range.Max < range.Min || range.Min > rows)
                add("clustering.kRange", $"kRange must satisfy 2 <= min <= max and min <= rows ({rows}); got {range.Min}..{range.Max}.");
            else if (range.Max - range.Min > 50) add("clustering.kRange", "kRange may span at most 51 values of k.");
        }
        if (spec.Selection == KSelectionCriterion.Bic && spec.Algorithm != ClusteringAlgorithm.Gmm)
            add("clustering.selection", "selection bic needs algorithm gmm (only a mixture has a likelihood).");
        if (spec.Algorithm is ClusteringAlgorithm.Dec or ClusteringAlgorithm.Idec && (spec.Standardize || spec.Distance != DistanceMetric.Euclidean))
            add("clustering.standardize", "dec and idec cluster the raw embedding: standardize and cosine distance do not apply.");
        if (spec.Algorithm == ClusteringAlgorithm.Agglomerative)
        {
            int limit = Agglomerative.MaxRows(spec.Agglomerative.MemoryBudgetMb * (1L << 20));
            if (rows > limit)
                add("clustering.algorithm", $"agglomerative keeps a distance matrix: with a memory budget of {spec.Agglomerative.MemoryBudgetMb} MB " +
                    $"it takes at most {limit} rows, and the dataset has {rows}.");
        }
        foreach (var problem in OptionProblems(spec))
            add("clustering.options", problem);
    }

    private static IEnumerable<string> OptionProblems(ClusteringSpec spec)
    {
        if (!(spec.Dbscan.Eps > 0)) yield return "eps must be greater than 0.";
        if (spec.Dbscan.MinSamples < 1) yield return "minSamples must be at least 1.";
        if (spec.Hdbscan.MinClusterSize < 2) yield return "minClusterSize must be at least 2.";
        if (spec.Kmeans.MaxIter < 1 || spec.Gmm.MaxIter < 1) yield return "maxIter must be at least 1.";
        if (spec.Gmm.NInit is < 1 or > 1000) yield return "nInit must be between 1 and 1000.";
        if (spec.Agglomerative.MemoryBudgetMb < 1) yield return "memoryBudgetMb must be at least 1.";
        string? deep = Problem(spec.Dec.Validate) ?? Problem(spec.Manifold.Validate);
        if (deep is not null) yield return deep;
    }

    private static string? Problem(Action validate)
    {
        try
        {
            validate();
            return null;
        }
        catch (ArgumentException error)
        {
            return error.Message;
        }
    }

    /// <summary>An unknown option is reported under clustering.options; anything else under the field its path names.</summary>
    private static string FieldOf(JsonException error) => error.Path switch
    {
        null or "$" => "clustering.options",
        var path when path.StartsWith("$.selection") => "clustering.selection",
        var path when path.StartsWith("$.distance") => "clustering.distance",
        _ => "clustering.options",
    };

    private static string Describe(JsonException error) =>
        error.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? $"Unknown option: {error.Message.Split('\'').ElementAtOrDefault(1) ?? error.Message}."
            : error.Message;
}
