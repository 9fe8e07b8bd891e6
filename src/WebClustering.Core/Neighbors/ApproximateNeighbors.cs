namespace WebClustering.Core.Neighbors;

/// <summary>
/// Approximate k nearest neighbours of every row by NN-descent (Dong, Charikar and Li 2011, as pynndescent runs it):
/// start from random neighbours, then repeatedly compare each row's neighbours with each other (a neighbour of a
/// neighbour is likely a neighbour), sampling at most <c>k</c> new and <c>k</c> old candidates per row, until fewer
/// than 0.1% of the entries change. O(n k) memory; time near-linear in rows.
/// </summary>
/// <remarks>
/// Deterministic for a seed and independent of the thread count: every random choice comes from a counter-based
/// stream keyed by (seed, iteration, row), proposals are gathered in fixed row chunks while the heaps are read-only,
/// and each row's heap then takes its proposals in chunk order. Which thread applies them does not matter.
/// </remarks>
public static class ApproximateNeighbors
{
    private const double StopFraction = 0.001;   // pynndescent's delta
    private const int WaveRows = 8192;           // rows joined per wave: bounds the proposal buffers' memory
    private const int ChunkRows = 256;           // rows per proposal list, fixed so results do not depend on threads

    /// <summary>
    /// The <paramref name="k"/> (approximately) nearest other rows of every row, ordered by distance then row index,
    /// Euclidean distances; the same layout as <see cref="ExactNeighbors.Query"/>.
    /// </summary>
    public static NeighborGraph Query(Matrix data, int k, int seed = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Rows;
        if (k < 1 || k > n - 1)
            throw new ArgumentException($"k must be between 1 and rows - 1 ({n - 1}); got {k}.", nameof(k));
        var heaps = new NeighborHeaps(n, k);
        RandomStart(data, heaps, (ulong)seed);
        int maxIterations = Math.Max(5, (int)Math.Round(Math.Log2(n)));
        var candidates = new NnDescentCandidates(n, Math.Min(60, k));
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            candidates.Sample(heaps, Mix((ulong)seed, (ulong)iteration + 1, 0));
            long changes = 0;
            for (int wave = 0; wave < n; wave += WaveRows)
                changes += JoinWave(data, heaps, candidates, wave, Math.Min(n, wave + WaveRows), ct);
            if (changes <= StopFraction * n * k)
                break;
        }
        return heaps.ToGraph(n >= 4096);
    }

    private static ulong Mix(ulong a, ulong b, ulong c) => SplitMix.Mix(a, b, c);

    /// <summary>k distinct random other rows per row, drawn from the row's own stream.</summary>
    private static void RandomStart(Matrix data, NeighborHeaps heaps, ulong seed)
    {
        int n = data.Rows, k = heaps.K;
        RowChunks.For(n, 1024, n >= 4096, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                ulong state = Mix(seed, 0, (ulong)i);
                for (int taken = 0; taken < k;)
                {
                    state = SplitMix.Mix(state);
                    int j = (int)(state % (ulong)n);
                    if (j != i && heaps.Push(i, j, Distance.SquaredEuclidean(data.Row(i), data.Row(j))))
                        taken++;
                }
            }
        });
    }

    /// <summary>
    /// Local joins of rows [start, end): proposals are gathered per fixed chunk in parallel against read-only heaps,
    /// then every heap takes the proposals aimed at it in chunk order. Returns how many proposals were taken.
    /// </summary>
    private static long JoinWave(Matrix data, NeighborHeaps heaps, NnDescentCandidates candidates, int start, int end, CancellationToken ct)
    {
        int chunks = (end - start + ChunkRows - 1) / ChunkRows;
        var proposals = new List<Proposal>[chunks];
        Parallel.For(0, chunks, c =>
        {
            ct.ThrowIfCancellationRequested();
            var list = new List<Proposal>();
            int to = Math.Min(end, start + (c + 1) * ChunkRows);
            for (int i = start + c * ChunkRows; i < to; i++)
                Propose(data, heaps, candidates, i, list);
            proposals[c] = list;
        });

        // Rows are split among threads by range; each thread walks all proposals in order and applies its own.
        int parts = Math.Max(1, Environment.ProcessorCount);
        long changes = 0;
        Parallel.For(0, parts, p =>
        {
            int from = (int)((long)heaps.Rows * p / parts), until = (int)((long)heaps.Rows * (p + 1) / parts);
            long taken = 0;
            foreach (var list in proposals)
                foreach (var u in list)
                {
                    if (u.A >= from && u.A < until && heaps.Push(u.A, u.B, u.Distance)) taken++;
                    if (u.B >= from && u.B < until && heaps.Push(u.B, u.A, u.Distance)) taken++;
                }
            Interlocked.Add(ref changes, taken);
        });
        return changes;
    }

    /// <summary>Pairs among row i's new candidates, and between its new and old ones, that would improve either end.</summary>
    private static void Propose(Matrix data, NeighborHeaps heaps, NnDescentCandidates candidates, int i, List<Proposal> output)
    {
        ReadOnlySpan<int> fresh = candidates.New(i), old = candidates.Old(i);
        for (int x = 0; x < fresh.Length; x++)
        {
            int p = fresh[x];
            ReadOnlySpan<float> rowP = data.Row(p);
            float worstP = heaps.Worst(p);
            for (int y = x + 1; y < fresh.Length; y++)
                Consider(data, heaps, p, rowP, worstP, fresh[y], output);
            foreach (int q in old)
                if (q != p)
                    Consider(data, heaps, p, rowP, worstP, q, output);
        }
    }

    private static void Consider(Matrix data, NeighborHeaps heaps, int p, ReadOnlySpan<float> rowP, float worstP, int q, List<Proposal> output)
    {
        float d = Distance.SquaredEuclidean(rowP, data.Row(q));
        if (d < worstP || d < heaps.Worst(q))
            output.Add(new Proposal(p, q, d));
    }

    private readonly record struct Proposal(int A, int B, float Distance);
}
