namespace WebClustering.Core.Neighbors;

/// <summary>
/// Approximate k nearest neighbours of every row from an <see cref="HnswIndex"/> (squared Euclidean): the rows are
/// indexed, then every row is searched for k + 1 and itself left out. O(n log n) time; recall@k about 0.99 on
/// clustered data (HnswIndexTests, docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Deterministic: the graph is built on one thread (USearch inserts in row order and draws node levels from a
/// fixed-seed generator), and searches only read it, so they run in parallel without changing any answer. Building
/// on more threads would be faster, but the insertion order would race and UMAP's "equal seeds, equal embeddings"
/// would no longer hold above <see cref="Manifold.UmapOptions.ExactNeighborRows"/> rows.
/// </remarks>
public static class ApproximateNeighbors
{
    /// <summary>Candidates a row's search keeps (USearch's ef); at least k + 1.</summary>
    private const int Expansion = 64;

    /// <summary>
    /// The <paramref name="k"/> (approximately) nearest other rows of every row, ordered by distance then row index,
    /// Euclidean distances; the same layout as <see cref="ExactNeighbors.Query"/>.
    /// </summary>
    public static NeighborGraph Query(Matrix data, int k, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Rows;
        if (k < 1 || k > n - 1)
            throw new ArgumentException($"k must be between 1 and rows - 1 ({n - 1}); got {k}.", nameof(k));
        using var index = HnswIndex.Build(data.Values, n, data.Cols, HnswMetric.L2Squared,
            new HnswOptions(ExpansionSearch: Math.Max(Expansion, 2 * (k + 1))), threads: 1, ct);
        var indices = new int[(long)n * k];
        var distances = new float[(long)n * k];
        RowChunks.For(n, 256, n >= 4096, (start, end) =>
        {
            var keys = new ulong[k + 1];
            var found = new float[k + 1];
            for (int i = start; i < end; i++)
            {
                if ((i & 255) == 0) ct.ThrowIfCancellationRequested();
                int count = index.Search(data.Row(i), keys, found);
                Keep(i, keys.AsSpan(0, count), found.AsSpan(0, count), indices.AsSpan(i * k, k), distances.AsSpan(i * k, k), data);
            }
        });
        return new NeighborGraph(k, indices, distances);
    }

    /// <summary>
    /// Row i's k nearest from the search's k + 1, itself left out (or the farthest, when duplicates of it crowded it
    /// out), with exact Euclidean distances, sorted by distance then row. A search that found fewer than k other rows
    /// (possible only on tiny or degenerate sets) is completed by brute force.
    /// </summary>
    private static void Keep(int i, ReadOnlySpan<ulong> keys, ReadOnlySpan<float> found, Span<int> indices, Span<float> distances, Matrix data)
    {
        int k = indices.Length, kept = 0;
        foreach (ulong key in keys)
        {
            int j = (int)key;
            if (j == i || kept == k) continue;
            indices[kept] = j;
            distances[kept++] = MathF.Sqrt(Distance.SquaredEuclidean(data.Row(i), data.Row(j)));
        }
        if (kept < k)
        {
            var packed = new PackedRows(data);
            var squared = new float[k];
            ExactNeighbors.Nearest(packed, data.Row(i), i, indices, squared);
            for (int m = 0; m < k; m++) distances[m] = MathF.Sqrt(squared[m]);
            return;
        }
        // USearch's squared distances are computed in its own order of operations: re-sort on the exact ones.
        var order = indices.ToArray();
        var exact = distances.ToArray();
        Array.Sort(exact, order);
        for (int m = 1; m < k; m++)
            for (int p = m; p > 0 && exact[p] == exact[p - 1] && order[p] < order[p - 1]; p--)
            {
                (order[p], order[p - 1]) = (order[p - 1], order[p]);
            }
        order.CopyTo(indices);
        exact.CopyTo(distances);
    }
}
