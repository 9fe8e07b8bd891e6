using WebClustering.Core.Neighbors;

namespace WebClustering.Core.Clustering;

/// <summary>Settings for <see cref="Hdbscan.Fit"/>; defaults follow the <c>hdbscan</c> library.</summary>
/// <param name="MinClusterSize">Smallest group of rows that counts as a cluster rather than noise, at least 2.</param>
/// <param name="MinSamples">Neighbours (the row itself included) defining the core distance; null means
/// MinClusterSize. Larger values make the clustering more conservative (more noise).</param>
public sealed record HdbscanOptions(int MinClusterSize = 5, int? MinSamples = null);

/// <summary>
/// HDBSCAN (Campello, Moulavi and Sander 2013; McInnes and Healy's implementation): core distance = distance to the
/// MinSamples-th nearest row (itself counted); mutual reachability d'(a, b) = max(core a, core b, d(a, b)); the
/// minimum spanning tree of d' gives the single-linkage hierarchy; splits smaller than MinClusterSize are condensed
/// away as rows falling out; clusters are chosen by excess of mass (the most stable set, never the root). Rows in no
/// chosen cluster are noise (-1).
/// </summary>
/// <remarks>
/// The tree is built by Prim's algorithm on the implicit dense graph: O(n^2 d) time and O(n) memory, the distance of
/// each new tree row to all others computed with the blocked kernel. Deterministic (ties by row index).
/// </remarks>
public static class Hdbscan
{
    public static DensityResult Fit(Matrix data, HdbscanOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        int minSamples = options.MinSamples ?? options.MinClusterSize;
        int n = data.Rows;
        if (options.MinClusterSize < 2)
            throw new ArgumentException($"min_cluster_size must be at least 2 (got {options.MinClusterSize}).", nameof(options));
        if (minSamples < 1)
            throw new ArgumentException($"min_samples must be at least 1 (got {minSamples}).", nameof(options));
        if (n < 2 || minSamples > n)
        {
            var all = new int[n];
            Array.Fill(all, -1);
            return new DensityResult(all, 0, n, Array.Empty<int>());
        }

        float[] coreDistances = CoreDistances(data, minSamples, ct);
        var (from, to, weights) = SpanningTree(data, coreDistances, ct);
        Merge[] hierarchy = SingleLinkage(from, to, weights, n);
        int[] labels = CondensedTree.Labels(hierarchy, n, options.MinClusterSize);
        int clusters = labels.Length == 0 ? 0 : labels.Max() + 1;
        return new DensityResult(labels, clusters, labels.Count(l => l < 0), Array.Empty<int>());
    }

    private static float[] CoreDistances(Matrix data, int minSamples, CancellationToken ct)
    {
        int n = data.Rows;
        var core = new float[n];
        if (minSamples == 1)
            return core; // the row itself is its own first neighbour
        NeighborGraph graph = ExactNeighbors.Query(data, minSamples - 1, ct);
        for (int i = 0; i < n; i++)
            core[i] = graph.Distances[i * graph.K + graph.K - 1];
        return core;
    }

    private static (int[] From, int[] To, float[] Weights) SpanningTree(Matrix data, float[] core, CancellationToken ct)
    {
        int n = data.Rows;
        var packed = new PackedRows(data);
        var inTree = new bool[n];
        var best = new float[n];
        var bestFrom = new int[n];
        Array.Fill(best, float.PositiveInfinity);
        var distances = new float[packed.BlockCount * PackedRows.Width];
        var from = new int[n - 1];
        var to = new int[n - 1];
        var weights = new float[n - 1];
        int current = 0;
        inTree[0] = true;
        for (int e = 0; e < n - 1; e++)
        {
            ct.ThrowIfCancellationRequested();
            packed.DistancesToAll(data.Row(current), distances);
            float currentCore = core[current];
            int next = -1;
            float nextWeight = float.PositiveInfinity;
            for (int j = 0; j < n; j++)
            {
                if (inTree[j])
                    continue;
                float reach = Math.Max(MathF.Sqrt(distances[j]), Math.Max(currentCore, core[j]));
                if (reach < best[j])
                {
                    best[j] = reach;
                    bestFrom[j] = current;
                }
                if (next < 0 || best[j] < nextWeight)
                {
                    nextWeight = best[j];
                    next = j;
                }
            }
            (from[e], to[e], weights[e]) = (bestFrom[next], next, nextWeight);
            inTree[next] = true;
            current = next;
        }
        return (from, to, weights);
    }

    /// <summary>Kruskal's merge order over the tree's edges: the single-linkage dendrogram (scipy's ids).</summary>
    private static Merge[] SingleLinkage(int[] from, int[] to, float[] weights, int n)
    {
        int[] order = Enumerable.Range(0, weights.Length).OrderBy(e => weights[e]).ThenBy(e => e).ToArray();
        var parent = new int[2 * n - 1];
        var size = new int[2 * n - 1];
        for (int i = 0; i < parent.Length; i++)
            parent[i] = i;
        Array.Fill(size, 1, 0, n);
        var merges = new Merge[n - 1];
        for (int m = 0; m < order.Length; m++)
        {
            int e = order[m];
            int a = Find(parent, from[e]), b = Find(parent, to[e]), id = n + m;
            parent[a] = parent[b] = id;
            size[id] = size[a] + size[b];
            merges[m] = new Merge(Math.Min(a, b), Math.Max(a, b), weights[e], size[id]);
        }
        return merges;
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    }
}
