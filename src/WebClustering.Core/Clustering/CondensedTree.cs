namespace WebClustering.Core.Clustering;

/// <summary>
/// HDBSCAN's condensed tree and excess-of-mass selection, after the <c>hdbscan</c> library's
/// <c>condense_tree</c>, <c>compute_stability</c>, <c>get_clusters</c> and <c>do_labelling</c>
/// (allow_single_cluster = false, no selection epsilon). Heights are turned into densities lambda = 1 / distance.
/// </summary>
internal static class CondensedTree
{
    /// <summary>Flat labels from a single-linkage hierarchy (scipy ids): 0..clusters-1, -1 for noise.</summary>
    public static int[] Labels(Merge[] hierarchy, int n, int minClusterSize)
    {
        // Condensed clusters are numbered from 0 (the root) in breadth-first order, so a child always
        // has a larger number than its parent.
        var edges = new List<(int Parent, int Child, double Lambda, int Size)>(); // Child: row (>= 0) or ~cluster
        var clusterParent = new List<int> { -1 };
        var birth = new List<double> { 0.0 };
        var relabel = new int[2 * n - 1];
        var queue = new Queue<int>();
        queue.Enqueue(2 * n - 2);
        relabel[2 * n - 2] = 0;

        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            Merge merge = hierarchy[node - n];
            double lambda = merge.Height > 0 ? 1.0 / merge.Height : double.PositiveInfinity;
            int cluster = relabel[node];
            int left = merge.Left, right = merge.Right;
            int leftSize = Size(hierarchy, left, n), rightSize = Size(hierarchy, right, n);
            bool leftBig = leftSize >= minClusterSize, rightBig = rightSize >= minClusterSize;

            if (leftBig && rightBig)
            {
                // A true split: both halves become new clusters born at this lambda.
                foreach (var (child, size) in new[] { (left, leftSize), (right, rightSize) })
                {
                    int id = clusterParent.Count;
                    clusterParent.Add(cluster);
                    birth.Add(lambda);
                    relabel[child] = id;
                    edges.Add((cluster, ~id, lambda, size));
                    if (child >= n)
                        queue.Enqueue(child);
                }
                continue;
            }
            // Small halves are rows falling out of this cluster; a big half is the same cluster carrying on.
            foreach (var (child, big) in new[] { (left, leftBig), (right, rightBig) })
            {
                if (big)
                {
                    relabel[child] = cluster;
                    if (child >= n)
                        queue.Enqueue(child);
                }
                else
                {
                    foreach (int row in Leaves(hierarchy, child, n))
                        edges.Add((cluster, row, lambda, 1));
                }
            }
        }

        int clusters = clusterParent.Count;
        var stability = new double[clusters];
        foreach (var (parent, _, lambda, size) in edges)
            stability[parent] += (lambda - birth[parent]) * size;

        // Excess of mass, leaves first (children have larger ids): keep a cluster if it is at least as stable as
        // its selected descendants together, otherwise pass their total up. The root is never selected.
        var childSum = new double[clusters];
        var selected = new bool[clusters];
        for (int c = clusters - 1; c >= 1; c--)
        {
            if (childSum[c] > stability[c])
                stability[c] = childSum[c];
            else
                selected[c] = true;
            childSum[clusterParent[c]] += stability[c];
        }
        // A selected cluster overrides selections below it.
        var chosen = new int[clusters];
        Array.Fill(chosen, -1);
        for (int c = 1; c < clusters; c++)
        {
            int above = chosen[clusterParent[c]];
            chosen[c] = above >= 0 ? above : selected[c] ? c : -1;
        }

        var clusterOfRow = new int[n];
        Array.Fill(clusterOfRow, -1);
        foreach (var (parent, child, _, _) in edges)
            if (child >= 0)
                clusterOfRow[child] = chosen[parent];
        // Number clusters by their first row, as the other algorithms do, so equal partitions give equal labels.
        var labelOf = new Dictionary<int, int>();
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = clusterOfRow[i];
            if (c >= 0 && !labelOf.ContainsKey(c))
                labelOf[c] = labelOf.Count;
            labels[i] = c >= 0 ? labelOf[c] : -1;
        }
        return labels;
    }

    private static int Size(Merge[] hierarchy, int node, int n) => node < n ? 1 : hierarchy[node - n].Size;

    private static IEnumerable<int> Leaves(Merge[] hierarchy, int node, int n)
    {
        var stack = new Stack<int>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            int x = stack.Pop();
            if (x < n)
            {
                yield return x;
                continue;
            }
            stack.Push(hierarchy[x - n].Right);
            stack.Push(hierarchy[x - n].Left);
        }
    }
}
