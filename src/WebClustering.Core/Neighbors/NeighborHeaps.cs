namespace WebClustering.Core.Neighbors;

/// <summary>
/// Every row's current k best candidates as a bounded max-heap (the worst at the root), in three flat n x k arrays:
/// indices, squared distances, and whether the entry is new since the row's last local join (NN-descent's flag).
/// Memory is O(n k). A row's heap is only written by the thread that owns that row, so updates stay deterministic.
/// </summary>
internal sealed class NeighborHeaps
{
    public NeighborHeaps(int rows, int k)
    {
        Rows = rows;
        K = k;
        Indices = new int[(long)rows * k];
        Distances = new float[(long)rows * k];
        IsNew = new bool[(long)rows * k];
        Array.Fill(Indices, -1);
        Array.Fill(Distances, float.PositiveInfinity);
    }

    public int Rows { get; }
    public int K { get; }
    public int[] Indices { get; }
    public float[] Distances { get; }
    public bool[] IsNew { get; }

    /// <summary>The largest distance row <paramref name="row"/> keeps (infinity while it holds fewer than k).</summary>
    public float Worst(int row) => Distances[(long)row * K];

    /// <summary>
    /// Offers <paramref name="candidate"/> at squared distance <paramref name="distance"/> to row <paramref name="row"/>;
    /// returns whether it was taken (closer than the worst kept and not already held).
    /// </summary>
    public bool Push(int row, int candidate, float distance)
    {
        long start = (long)row * K;
        Span<float> d = Distances.AsSpan((int)start, K);
        if (distance >= d[0])
            return false;
        Span<int> idx = Indices.AsSpan((int)start, K);
        for (int m = 0; m < K; m++)
            if (idx[m] == candidate)
                return false;
        Span<bool> fresh = IsNew.AsSpan((int)start, K);
        // Replace the root and sift down: the root always holds the largest distance.
        int i = 0;
        while (true)
        {
            int left = 2 * i + 1, right = left + 1, child;
            if (left >= K)
                break;
            child = right < K && d[right] > d[left] ? right : left;
            if (d[child] <= distance)
                break;
            d[i] = d[child]; idx[i] = idx[child]; fresh[i] = fresh[child];
            i = child;
        }
        d[i] = distance; idx[i] = candidate; fresh[i] = true;
        return true;
    }

    /// <summary>Sorts every row's heap into ascending (distance, index) order and takes square roots.</summary>
    public NeighborGraph ToGraph(bool parallel)
    {
        RowChunks.For(Rows, 1024, parallel, (start, end) =>
        {
            var keys = new (float, int)[K];
            for (int r = start; r < end; r++)
            {
                int offset = r * K;
                for (int m = 0; m < K; m++)
                    keys[m] = (Distances[offset + m], Indices[offset + m]);
                Array.Sort(keys);
                for (int m = 0; m < K; m++)
                {
                    Distances[offset + m] = MathF.Sqrt(keys[m].Item1);
                    Indices[offset + m] = keys[m].Item2;
                }
            }
        });
        return new NeighborGraph(K, Indices, Distances);
    }
}
