using System.Numerics.Tensors;
using WebClustering.Core.Neighbors;

namespace WebClustering.Core.Search;

/// <summary>
/// Similar items from an <see cref="HnswIndex"/> built over a <see cref="VectorIndex"/>'s rows (key = row): the graph
/// finds the candidates, and each is reported with the exact score <see cref="VectorIndex.Search"/> would give it.
/// </summary>
public static class ApproximateSearch
{
    /// <summary>About the <paramref name="k"/> rows closest to <paramref name="query"/>, best first (<paramref name="excludeRow"/> left out).</summary>
    public static IReadOnlyList<Neighbour> Search(VectorIndex rows, HnswIndex graph, ReadOnlySpan<float> query, int k, SimilarityMetric metric,
        int? excludeRow = null)
    {
        if (k < 1) throw new ArgumentException("k must be at least 1.");
        int wanted = Math.Min(k + (excludeRow is null ? 0 : 1), rows.Count);
        Span<ulong> keys = wanted <= 256 ? stackalloc ulong[wanted] : new ulong[wanted];
        Span<float> distances = wanted <= 256 ? stackalloc float[wanted] : new float[wanted];
        int found = graph.Search(query, keys, distances);
        float queryNorm = TensorPrimitives.Norm(query);
        var result = new List<Neighbour>(Math.Min(found, k));
        foreach (ulong key in keys[..found])
        {
            if ((int)key == excludeRow || result.Count == k) continue;
            result.Add(rows.Scored(query, queryNorm, (int)key, metric));
        }
        // The graph's distances come from its own kernels: order by the reported scores so the list reads consistently.
        int sign = metric == SimilarityMetric.L2 ? 1 : -1;
        result.Sort((a, b) => sign * a.Score.CompareTo(b.Score) is var order and not 0 ? order : a.Row.CompareTo(b.Row));
        return result;
    }
}
