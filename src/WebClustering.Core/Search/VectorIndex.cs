using System.Numerics.Tensors;

namespace WebClustering.Core.Search;

public enum SimilarityMetric { Cosine, L2, Dot }

/// <param name="Score">Cosine similarity or dot product (higher is closer), or Euclidean distance (lower is closer).</param>
public readonly record struct Neighbour(int Row, string ItemId, int Cluster, float Score);

/// <summary>
/// Exact nearest-neighbour search over one job's latent vectors, held in memory. A query scans every row with
/// SIMD dot products (TensorPrimitives) and keeps the best k in a small heap: for 100,000 x 32 vectors that is
/// about 3 million multiply-adds, well under a millisecond, with no index to build or keep in sync.
/// </summary>
public sealed class VectorIndex
{
    private readonly float[] vectors;
    private readonly float[] norms;
    private readonly Dictionary<string, int> rowsById;

    public VectorIndex(string[] itemIds, int[] clusters, float[] vectors, int dims)
    {
        if (vectors.Length != (long)itemIds.Length * dims || clusters.Length != itemIds.Length)
            throw new ArgumentException("Ids, clusters and vectors must describe the same rows.");
        ItemIds = itemIds;
        Clusters = clusters;
        this.vectors = vectors;
        Dims = dims;
        norms = new float[itemIds.Length];
        rowsById = new Dictionary<string, int>(itemIds.Length, StringComparer.Ordinal);
        for (int i = 0; i < itemIds.Length; i++)
        {
            norms[i] = TensorPrimitives.Norm(Vector(i));
            rowsById[itemIds[i]] = i;
        }
    }

    public string[] ItemIds { get; }
    public int[] Clusters { get; }
    public int Dims { get; }
    public int Count => ItemIds.Length;

    /// <summary>Approximate managed memory held, for the cache's budget.</summary>
    public long SizeBytes => (long)vectors.Length * 4 + norms.Length * 4L + Clusters.Length * 4L
        + ItemIds.Sum(id => 40L + 2L * id.Length) + rowsById.Count * 24L;

    public ReadOnlySpan<float> Vector(int row) => vectors.AsSpan(row * Dims, Dims);

    public int? RowOf(string itemId) => rowsById.TryGetValue(itemId, out var row) ? row : null;

    /// <summary>The <paramref name="k"/> rows closest to <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<Neighbour> Search(ReadOnlySpan<float> query, int k, SimilarityMetric metric,
        int? cluster = null, int? excludeRow = null)
    {
        if (query.Length != Dims) throw new ArgumentException($"The vector has {query.Length} values but the embeddings have {Dims}.");
        if (k < 1) throw new ArgumentException("k must be at least 1.");
        float queryNorm = TensorPrimitives.Norm(query);
        var heap = new PriorityQueue<int, float>(k + 1); // min-heap on goodness: the root is the worst kept
        for (int row = 0; row < Count; row++)
        {
            if (row == excludeRow || (cluster is { } c && Clusters[row] != c)) continue;
            float goodness = Goodness(query, queryNorm, row, metric);
            if (heap.Count < k) heap.Enqueue(row, goodness);
            else if (heap.TryPeek(out _, out float worst) && goodness > worst) heap.EnqueueDequeue(row, goodness);
        }
        var result = new Neighbour[heap.Count];
        for (int i = result.Length - 1; i >= 0; i--)
        {
            heap.TryDequeue(out int row, out float goodness);
            result[i] = new Neighbour(row, ItemIds[row], Clusters[row], metric == SimilarityMetric.L2 ? -goodness : goodness);
        }
        return result;
    }

    /// <summary>Higher is better for every metric; L2 uses the negated distance.</summary>
    private float Goodness(ReadOnlySpan<float> query, float queryNorm, int row, SimilarityMetric metric) => metric switch
    {
        SimilarityMetric.Dot => TensorPrimitives.Dot(query, Vector(row)),
        SimilarityMetric.Cosine => queryNorm == 0 || norms[row] == 0 ? 0 : TensorPrimitives.Dot(query, Vector(row)) / (queryNorm * norms[row]),
        _ => -TensorPrimitives.Distance(query, Vector(row)),
    };
}
