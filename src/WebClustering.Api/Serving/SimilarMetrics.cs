using WebClustering.Core.Neighbors;
using WebClustering.Core.Search;

namespace WebClustering.Api.Serving;

/// <summary>The similar-items metrics by name, and the HNSW distance that ranks each the same way.</summary>
public static class SimilarMetrics
{
    public static string Name(SimilarityMetric metric) => metric switch
    {
        SimilarityMetric.Cosine => "cosine",
        SimilarityMetric.L2 => "l2",
        _ => "dot",
    };

    /// <summary>
    /// USearch's 1 - cosine, squared L2 and 1 - dot rank rows as cosine similarity, Euclidean distance and the dot
    /// product do, so every metric of the endpoint has an HNSW equivalent.
    /// </summary>
    public static HnswMetric Hnsw(SimilarityMetric metric) => metric switch
    {
        SimilarityMetric.Cosine => HnswMetric.Cosine,
        SimilarityMetric.L2 => HnswMetric.L2Squared,
        _ => HnswMetric.InnerProduct,
    };

    public static bool TryParse(string? name, out SimilarityMetric metric)
    {
        metric = SimilarityMetric.Cosine;
        return name is not null && !int.TryParse(name, out _) && Enum.TryParse(name.Trim(), ignoreCase: true, out metric) && Enum.IsDefined(metric);
    }

    /// <summary>A comma-separated list of metric names (empty: none).</summary>
    public static bool TryParseList(string? names, out IReadOnlyList<SimilarityMetric> metrics)
    {
        var parsed = new List<SimilarityMetric>();
        metrics = parsed;
        foreach (var name in (names ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(name, out var metric)) return false;
            if (!parsed.Contains(metric)) parsed.Add(metric);
        }
        return true;
    }
}
