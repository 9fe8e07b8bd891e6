namespace WebClustering.Core.Clustering;

/// <summary>How the distance between two clusters is defined when merging.</summary>
public enum Linkage
{
    /// <summary>Increase in within-cluster variance (scipy's Euclidean-scaled Ward distance).</summary>
    Ward,

    /// <summary>Mean distance between members (UPGMA).</summary>
    Average,

    /// <summary>Largest distance between members.</summary>
    Complete,
}

/// <summary>Settings for <see cref="Agglomerative.Fit"/>.</summary>
/// <param name="K">Clusters to cut the tree into, 1 &lt;= K &lt;= rows.</param>
/// <param name="Linkage">Cluster distance.</param>
/// <param name="MemoryBudgetBytes">Most memory the pairwise distance matrix may take; inputs that would need more
/// are refused (see <see cref="Agglomerative.MaxRows"/>). 1 GiB allows 16,384 rows.</param>
public sealed record AgglomerativeOptions(int K, Linkage Linkage = Linkage.Ward, long MemoryBudgetBytes = 1L << 30);

/// <summary>
/// One merge, in scipy's linkage-matrix convention: ids below the row count are rows, id rows + m is the cluster
/// formed by merge m. <paramref name="Left"/> &lt; <paramref name="Right"/>.
/// </summary>
public sealed record Merge(int Left, int Right, double Height, int Size);

/// <summary>Outcome of <see cref="Agglomerative.Fit"/>: flat labels (0..K-1, numbered by first row) and the full tree.</summary>
public sealed record AgglomerativeResult(int[] Labels, int K, Merge[] Merges);

/// <summary>
/// Hierarchical agglomerative clustering with Ward, average or complete linkage by the nearest-neighbour chain
/// algorithm (Murtagh; Müllner 2011): O(n^2) time after the O(n^2 d) distance matrix, which is held in full
/// (condensed, doubles), hence the explicit memory budget. The merges are those of scipy's <c>linkage</c>.
/// </summary>
public static class Agglomerative
{
    /// <summary>Largest row count whose condensed distance matrix (n(n-1)/2 doubles) fits in the budget.</summary>
    public static int MaxRows(long memoryBudgetBytes)
    {
        long pairs = Math.Max(0, memoryBudgetBytes) / sizeof(double);
        // n(n-1)/2 <= pairs  <=>  n <= (1 + sqrt(1 + 8 pairs)) / 2; the loops guard against rounding.
        long n = (long)((1 + Math.Sqrt(1 + 8.0 * pairs)) / 2);
        while (n > 1 && n * (n - 1) / 2 > pairs)
            n--;
        while ((n + 1) * n / 2 <= pairs)
            n++;
        return (int)Math.Min(n, int.MaxValue);
    }

    public static AgglomerativeResult Fit(Matrix data, AgglomerativeOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.K < 1 || options.K > data.Rows)
            throw new ArgumentException($"K must be between 1 and the number of rows ({data.Rows}); got {options.K}.", nameof(options));
        Merge[] merges = Tree(data, options.Linkage, options.MemoryBudgetBytes, ct);
        return new AgglomerativeResult(Cut(merges, data.Rows, options.K), options.K, merges);
    }

    /// <summary>The n - 1 merges, sorted by height (ties in the order the algorithm found them).</summary>
    public static Merge[] Tree(Matrix data, Linkage linkage, long memoryBudgetBytes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!Enum.IsDefined(linkage))
            throw new ArgumentException($"Unknown linkage {linkage}.", nameof(linkage));
        int n = data.Rows, maxRows = MaxRows(memoryBudgetBytes);
        if (n > maxRows)
            throw new ArgumentException(
                $"Agglomerative clustering keeps all n(n-1)/2 pairwise distances: {n:N0} rows would need " +
                $"{(double)n * (n - 1) / 2 * sizeof(double) / (1 << 20):N0} MiB, over the memory budget of " +
                $"{memoryBudgetBytes / (1 << 20):N0} MiB, which allows at most {maxRows:N0} rows. Subsample the rows, " +
                "raise the budget, or use k-means, a Gaussian mixture or HDBSCAN.", nameof(data));
        if (n < 1)
            throw new ArgumentException("At least one row is required.", nameof(data));
        return NearestNeighborChain.Run(data, linkage, ct);
    }

    /// <summary>
    /// Flat clusters after the first n - k merges of a height-sorted tree: labels 0..k-1 numbered in order of
    /// each cluster's first row, so equal partitions give equal label arrays.
    /// </summary>
    public static int[] Cut(IReadOnlyList<Merge> merges, int rows, int k)
    {
        ArgumentNullException.ThrowIfNull(merges);
        if (k < 1 || k > rows)
            throw new ArgumentException($"k must be between 1 and {rows}; got {k}.", nameof(k));
        // Union-find over rows and merge ids; each merged id points at the row-cluster it became.
        var parent = new int[rows + merges.Count];
        for (int i = 0; i < parent.Length; i++)
            parent[i] = i;
        for (int m = 0; m < rows - k; m++)
        {
            int a = Find(parent, merges[m].Left), b = Find(parent, merges[m].Right);
            parent[a] = rows + m;
            parent[b] = rows + m;
        }
        var labels = new int[rows];
        var map = new Dictionary<int, int>();
        for (int i = 0; i < rows; i++)
        {
            int root = Find(parent, i);
            if (!map.TryGetValue(root, out int label))
                map[root] = label = map.Count;
            labels[i] = label;
        }
        return labels;
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
}
