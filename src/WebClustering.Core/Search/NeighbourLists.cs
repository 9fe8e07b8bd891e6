using System.Numerics.Tensors;

namespace WebClustering.Core.Search;

/// <summary>
/// Every row's <see cref="K"/> nearest other rows under one metric, found once with the index's exact search, so
/// that "items similar to item X" with k up to K is a lookup instead of a scan. Only row numbers are kept (4 bytes
/// each); scores are recomputed on lookup with the search's own formula, so a lookup answers exactly what
/// <see cref="VectorIndex.Search"/> would (rows with exactly equal scores may come in another order).
/// </summary>
public sealed class NeighbourLists
{
    private readonly VectorIndex index;
    private readonly int[] neighbours; // [row][K], best first

    private NeighbourLists(VectorIndex index, SimilarityMetric metric, int k, int[] neighbours)
    {
        this.index = index;
        this.neighbours = neighbours;
        Metric = metric;
        K = k;
    }

    public SimilarityMetric Metric { get; }

    /// <summary>Neighbours kept per row: the K asked for, or every other row when the index has fewer.</summary>
    public int K { get; }

    public long SizeBytes => 4L * neighbours.Length;

    /// <summary>What <see cref="Build"/> would keep per row for an index of <paramref name="rows"/> rows.</summary>
    public static int KeptPerRow(int rows, int k) => Math.Clamp(rows - 1, 0, k);

    /// <summary>
    /// Searches every row's <paramref name="k"/> nearest (itself left out) on <paramref name="threads"/> threads.
    /// Costs one exact search per row: run it in the background.
    /// </summary>
    public static NeighbourLists Build(VectorIndex index, SimilarityMetric metric, int k, int threads, CancellationToken cancellationToken)
    {
        int kept = KeptPerRow(index.Count, k);
        var neighbours = new int[(long)index.Count * kept];
        if (kept > 0)
        {
            Parallel.For(0, index.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
                row =>
                {
                    var found = index.Search(index.Vector(row), kept, metric, excludeRow: row);
                    if (found.Count != kept) throw new InvalidOperationException($"Row {row}: {found.Count} neighbours found, {kept} expected.");
                    for (int i = 0; i < kept; i++) neighbours[(long)row * kept + i] = found[i].Row;
                });
        }
        return new NeighbourLists(index, metric, kept, neighbours);
    }

    /// <summary>The <paramref name="k"/> items most similar to row <paramref name="row"/>, best first; null when k is more than this holds.</summary>
    public IReadOnlyList<Neighbour>? Lookup(int row, int k)
    {
        int available = KeptPerRow(index.Count, k);
        if (available > K) return null;
        var query = index.Vector(row);
        float queryNorm = TensorPrimitives.Norm(query);
        var result = new Neighbour[available];
        for (int i = 0; i < available; i++) result[i] = index.Scored(query, queryNorm, neighbours[(long)row * K + i], Metric);
        return result;
    }
}
