namespace WebClustering.Core.Neighbors;

/// <summary>
/// NN-descent's per-row candidate lists for one iteration: the row's neighbours and the rows that list it as a
/// neighbour (reverse neighbours), split into new (not yet joined) and old, each capped at <c>capacity</c> by keeping the
/// lowest random priorities. Priorities come from a hash of (iteration seed, row, candidate), so the kept sets do not
/// depend on threads. Sampled new forward neighbours are then marked old in the heaps, as in pynndescent.
/// </summary>
internal sealed class NnDescentCandidates
{
    private readonly int _capacity;
    private readonly int[] _new, _old;
    private readonly ulong[] _newPriority, _oldPriority;
    private readonly int[] _newCount, _oldCount;

    public NnDescentCandidates(int rows, int capacity)
    {
        _capacity = capacity;
        _new = new int[(long)rows * capacity];
        _old = new int[(long)rows * capacity];
        _newPriority = new ulong[_new.Length];
        _oldPriority = new ulong[_old.Length];
        _newCount = new int[rows];
        _oldCount = new int[rows];
    }

    public ReadOnlySpan<int> New(int row) => _new.AsSpan(row * _capacity, _newCount[row]);
    public ReadOnlySpan<int> Old(int row) => _old.AsSpan(row * _capacity, _oldCount[row]);

    /// <summary>
    /// Rebuilds the lists from the heaps. Rows are split among threads by range; each thread reads every heap entry
    /// in order and keeps the forward and reverse candidates that belong to its rows.
    /// </summary>
    public void Sample(NeighborHeaps heaps, ulong iterationSeed)
    {
        int n = heaps.Rows, k = heaps.K;
        Array.Clear(_newCount);
        Array.Clear(_oldCount);
        int parts = Math.Max(1, Environment.ProcessorCount);
        Parallel.For(0, parts, p =>
        {
            int from = (int)((long)n * p / parts), until = (int)((long)n * (p + 1) / parts);
            for (int i = 0; i < n; i++)
            {
                for (int m = 0; m < k; m++)
                {
                    int j = heaps.Indices[i * k + m];
                    if (j < 0)
                        continue;
                    bool fresh = heaps.IsNew[i * k + m];
                    ulong priority = SplitMix.Mix(iterationSeed ^ ((ulong)(uint)i << 32 | (uint)j));
                    if (i >= from && i < until)
                        Offer(fresh, i, j, priority);
                    if (j >= from && j < until)
                        Offer(fresh, j, i, priority);
                }
            }
        });

        // Forward neighbours that made it into the new list are joined this iteration: they are old from now on.
        RowChunks.For(n, 1024, n >= 4096, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                ReadOnlySpan<int> sampled = New(i);
                for (int m = 0; m < k; m++)
                    if (heaps.IsNew[i * k + m] && sampled.Contains(heaps.Indices[i * k + m]))
                        heaps.IsNew[i * k + m] = false;
            }
        });
    }

    private void Offer(bool fresh, int row, int candidate, ulong priority)
    {
        if (fresh)
            Keep(_new, _newPriority, _newCount, row, candidate, priority);
        else
            Keep(_old, _oldPriority, _oldCount, row, candidate, priority);
    }

    /// <summary>Adds to a bounded max-heap on priority: while full, only a lower priority displaces the root.</summary>
    private void Keep(int[] items, ulong[] priorities, int[] counts, int row, int candidate, ulong priority)
    {
        int offset = row * _capacity, count = counts[row];
        Span<int> list = items.AsSpan(offset, _capacity);
        Span<ulong> keys = priorities.AsSpan(offset, _capacity);
        if (list[..count].Contains(candidate))
            return;
        if (count < _capacity)
        {
            // Sift up from the end.
            int i = count;
            while (i > 0 && keys[(i - 1) / 2] < priority)
            {
                keys[i] = keys[(i - 1) / 2]; list[i] = list[(i - 1) / 2];
                i = (i - 1) / 2;
            }
            keys[i] = priority; list[i] = candidate;
            counts[row] = count + 1;
            return;
        }
        if (priority >= keys[0])
            return;
        int at = 0;
        while (true)
        {
            int left = 2 * at + 1, right = left + 1;
            if (left >= _capacity)
                break;
            int child = right < _capacity && keys[right] > keys[left] ? right : left;
            if (keys[child] <= priority)
                break;
            keys[at] = keys[child]; list[at] = list[child];
            at = child;
        }
        keys[at] = priority; list[at] = candidate;
    }
}
