namespace WebClustering.Core.Clustering;

/// <summary>
/// The M-step: new centroids as cluster means, with scikit-learn's empty-cluster relocation.
/// Buffers are reused across iterations of one restart (one instance per restart; not thread-safe).
/// </summary>
internal sealed class CentroidUpdate
{
    private readonly int _k;
    private readonly int _dims;
    private readonly double[] _sums;
    private readonly int[] _counts;
    private int[]? _accounted; // the labels _sums reflect; null means recompute from scratch

    public CentroidUpdate(int k, int dims)
    {
        _k = k;
        _dims = dims;
        _sums = new double[k * dims];
        _counts = new int[k];
    }

    /// <summary>Writes the updated centroids for <paramref name="labels"/> into <paramref name="next"/>.</summary>
    /// <param name="distances">Squared distance of each row to its assigned (current) centroid.</param>
    /// <param name="current">Current centroids; kept for a cluster that cannot be refilled.</param>
    /// <remarks>
    /// After the first call only rows whose label changed are moved between sums: late iterations change a handful
    /// of labels, so this turns an O(n * dims) pass into O(n) label comparisons. Sums are doubles of float inputs,
    /// exact in practice (53 bits hold the sum of many 24-bit values), so this equals recomputing from scratch.
    /// </remarks>
    public void Compute(Matrix data, int[] labels, float[] distances, float[] current, float[] next)
    {
        float[] values = data.Values;
        if (_accounted is null)
        {
            Array.Clear(_sums);
            Array.Clear(_counts);
            for (int i = 0; i < labels.Length; i++)
                Add(values, i, labels[i], 1);
            _accounted = (int[])labels.Clone();
        }
        else
        {
            for (int i = 0; i < labels.Length; i++)
            {
                int was = _accounted[i], now = labels[i];
                if (was == now)
                    continue;
                Add(values, i, was, -1);
                Add(values, i, now, 1);
                _accounted[i] = now;
            }
        }

        // Relocation edits sums without a label to show for it; recount from scratch next time.
        if (RelocateEmptyClusters(values, labels, distances))
            _accounted = null;

        for (int c = 0; c < _k; c++)
        {
            int offset = c * _dims;
            if (_counts[c] == 0)
            {
                // Only reachable when no row can be spared (fewer distinct points than clusters).
                Array.Copy(current, offset, next, offset, _dims);
                continue;
            }
            double inverse = 1.0 / _counts[c];
            for (int d = 0; d < _dims; d++)
                next[offset + d] = (float)(_sums[offset + d] * inverse);
        }
    }

    private void Add(float[] values, int row, int cluster, int sign)
    {
        _counts[cluster] += sign;
        // Equal-length spans let the JIT drop the bounds checks in this, the hottest loop of the update.
        Span<double> sum = _sums.AsSpan(cluster * _dims, _dims);
        ReadOnlySpan<float> x = values.AsSpan(row * _dims, sum.Length);
        if (sign > 0)
            for (int d = 0; d < sum.Length; d++)
                sum[d] += x[d];
        else
            for (int d = 0; d < sum.Length; d++)
                sum[d] -= x[d];
    }

    /// <summary>
    /// Moves each empty cluster onto one of the rows farthest from their centroid, as scikit-learn does:
    /// those rows are the worst served, so re-seeding there lowers inertia the most. Unlike sklearn we
    /// skip rows that are the only member of their cluster, so a relocation never empties another cluster.
    /// </summary>
    private bool RelocateEmptyClusters(float[] values, int[] labels, float[] distances)
    {
        int empty = 0;
        for (int c = 0; c < _k; c++)
        {
            if (_counts[c] == 0)
                empty++;
        }
        if (empty == 0)
            return false;

        // Farthest first; ties by row index so the choice is deterministic.
        var order = new int[labels.Length];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int byDistance = distances[b].CompareTo(distances[a]);
            return byDistance != 0 ? byDistance : a.CompareTo(b);
        });

        int next = 0;
        for (int c = 0; c < _k; c++)
        {
            if (_counts[c] != 0)
                continue;
            while (next < order.Length && _counts[labels[order[next]]] <= 1)
                next++;
            if (next == order.Length)
                return true;

            int row = order[next++];
            int from = labels[row];
            int src = row * _dims, fromOffset = from * _dims, toOffset = c * _dims;
            for (int d = 0; d < _dims; d++)
            {
                _sums[fromOffset + d] -= values[src + d];
                _sums[toOffset + d] = values[src + d];
            }
            _counts[from]--;
            _counts[c] = 1;
        }
        return true;
    }
}
