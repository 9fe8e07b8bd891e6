namespace WebClustering.Core.Clustering;

/// <summary>
/// The nearest-neighbour chain algorithm on a condensed distance matrix, as in scipy's <c>nn_chain</c>. It follows
/// nearest neighbours until two clusters are each other's nearest (reciprocal), merges them and continues from the
/// rest of the chain. Valid for reducible linkages (Ward, average, complete): a merge never brings the merged cluster
/// closer to a third than either part was, so the chain stays valid after a merge.
/// </summary>
internal static class NearestNeighborChain
{
    public static Merge[] Run(Matrix data, Linkage linkage, CancellationToken ct)
    {
        int n = data.Rows;
        if (n == 1)
            return Array.Empty<Merge>();
        double[] distances = Condensed(data, ct);
        var size = new int[n];
        Array.Fill(size, 1);
        var found = new (int X, int Y, double Height)[n - 1];
        var chain = new int[n];
        int chainLength = 0;

        for (int step = 0; step < n - 1; step++)
        {
            ct.ThrowIfCancellationRequested();
            if (chainLength == 0)
                chain[chainLength++] = Array.FindIndex(size, s => s > 0);
            int x, y;
            double current;
            while (true)
            {
                x = chain[chainLength - 1];
                y = chainLength > 1 ? chain[chainLength - 2] : -1;
                current = y >= 0 ? distances[Index(n, x, y)] : double.PositiveInfinity;
                // Preferring the previous chain element on ties is what guarantees the chain ends.
                for (int i = 0; i < n; i++)
                {
                    if (size[i] == 0 || i == x)
                        continue;
                    double d = distances[Index(n, x, i)];
                    if (d < current)
                    {
                        current = d;
                        y = i;
                    }
                }
                if (chainLength > 1 && y == chain[chainLength - 2])
                    break;
                chain[chainLength++] = y;
            }
            chainLength -= 2;
            if (x > y)
                (x, y) = (y, x);
            found[step] = (x, y, current);

            // The merged cluster lives on at y; x is retired.
            int nx = size[x], ny = size[y];
            for (int i = 0; i < n; i++)
            {
                if (size[i] == 0 || i == x || i == y)
                    continue;
                long iy = Index(n, i, y);
                distances[iy] = Update(linkage, distances[Index(n, i, x)], distances[iy], current, nx, ny, size[i]);
            }
            size[y] = nx + ny;
            size[x] = 0;
        }
        return Relabel(found, n);
    }

    /// <summary>Lance-Williams update: distance from cluster i to x merged with y.</summary>
    private static double Update(Linkage linkage, double dix, double diy, double dxy, int nx, int ny, int ni) => linkage switch
    {
        Linkage.Complete => Math.Max(dix, diy),
        Linkage.Average => (nx * dix + ny * diy) / (nx + ny),
        // Ward on Euclidean (not squared) distances, as scipy: square, combine, take the root.
        _ => Math.Sqrt(Math.Max(0, ((ni + nx) * dix * dix + (ni + ny) * diy * diy - ni * dxy * dxy) / (nx + ny + ni))),
    };

    /// <summary>Sorts merges by height (stable) and renames clusters to scipy's ids: n + index of the merge that made it.</summary>
    private static Merge[] Relabel((int X, int Y, double Height)[] found, int n)
    {
        var order = Enumerable.Range(0, found.Length).OrderBy(m => found[m].Height).ThenBy(m => m).ToArray();
        var parent = new int[2 * n - 1];
        for (int i = 0; i < parent.Length; i++)
            parent[i] = i;
        var sizes = new int[2 * n - 1];
        Array.Fill(sizes, 1, 0, n);
        var merges = new Merge[found.Length];
        for (int m = 0; m < order.Length; m++)
        {
            var (x, y, height) = found[order[m]];
            int a = Find(parent, x), b = Find(parent, y), id = n + m;
            parent[a] = parent[b] = id;
            sizes[id] = sizes[a] + sizes[b];
            merges[m] = new Merge(Math.Min(a, b), Math.Max(a, b), height, sizes[id]);
        }
        return merges;
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    }

    private static long Index(int n, int i, int j)
    {
        if (i > j)
            (i, j) = (j, i);
        return (long)i * n - (long)i * (i + 1) / 2 + (j - i - 1);
    }

    /// <summary>Euclidean distances of all pairs i &lt; j, row by row with the blocked kernel.</summary>
    private static double[] Condensed(Matrix data, CancellationToken ct)
    {
        int n = data.Rows;
        var packed = new PackedRows(data);
        var result = new double[(long)n * (n - 1) / 2];
        RowChunks.For(n, 64, (long)n * n * data.Cols >= 1 << 22, (start, end) =>
        {
            var row = new float[packed.BlockCount * PackedRows.Width];
            for (int i = start; i < end; i++)
            {
                ct.ThrowIfCancellationRequested();
                packed.DistancesToAll(data.Row(i), row);
                long offset = Index(n, i, i + 1);
                for (int j = i + 1; j < n; j++)
                    result[offset + j - i - 1] = Math.Sqrt(row[j]);
            }
        });
        return result;
    }
}
