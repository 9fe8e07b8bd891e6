using WebClustering.Core.Rows;

namespace WebClustering.Core.Metrics;

/// <summary>Implementation of <see cref="InternalMetrics.Silhouette"/>: O(m^2 * dims) for m sampled rows.</summary>
internal static class SilhouetteScore
{
    // Each row costs a full pass over the sample, so small chunks already amortise scheduling.
    private const int ChunkRows = 32;
    private const long ParallelWorkThreshold = 1L << 20;

    /// <summary>A streamed source reads only its sampled rows; they are the rows, in the order, that the same rows in memory would give.</summary>
    public static double Compute(RowSource data, int[] labels, int maxSample, int seed)
    {
        if (data.InMemory is { } held) return Compute(held, labels, maxSample, seed);
        ClusterStats.Validate(data, labels);
        if (maxSample < 2)
            throw new ArgumentException($"maxSample must be at least 2 (got {maxSample}).", nameof(maxSample));
        int[] rows = SampleRows(data.Rows, maxSample, seed);
        return Compute(data.ReadRows(rows), [.. rows.Select(i => labels[i])], maxSample, seed);
    }

    public static double Compute(Matrix data, int[] labels, int maxSample, int seed)
    {
        ClusterStats.Validate(data, labels);
        if (maxSample < 2)
            throw new ArgumentException($"maxSample must be at least 2 (got {maxSample}).", nameof(maxSample));

        int[] rows = SampleRows(data.Rows, maxSample, seed);
        int m = rows.Length, dims = data.Cols;
        var sampledLabels = new int[m];
        for (int i = 0; i < m; i++)
            sampledLabels[i] = labels[rows[i]];
        int[] codes = LabelEncoding.Encode(sampledLabels, out int clusters);
        if (clusters < 2 || clusters > m - 1)
            return double.NaN;

        var sizes = new int[clusters];
        foreach (int c in codes)
            sizes[c]++;

        // Copy the sample contiguously so the quadratic loop streams through one compact array.
        var x = new float[m * dims];
        for (int i = 0; i < m; i++)
            data.Row(rows[i]).CopyTo(x.AsSpan(i * dims, dims));

        var scores = new double[m];
        bool parallel = (long)m * m * dims >= ParallelWorkThreshold;
        RowChunks.For(m, ChunkRows, parallel, (start, end) =>
        {
            var sums = new double[clusters];
            for (int i = start; i < end; i++)
                scores[i] = Score(x, dims, codes, sizes, i, sums);
        });

        // Each score is computed whole on one thread and summed here in row order: thread-count independent.
        double total = 0;
        foreach (double s in scores)
            total += s;
        return total / m;
    }

    private static double Score(float[] x, int dims, int[] codes, int[] sizes, int i, double[] sums)
    {
        int own = codes[i];
        if (sizes[own] == 1)
            return 0.0; // sklearn defines a singleton's silhouette as 0

        Array.Clear(sums);
        ReadOnlySpan<float> xi = x.AsSpan(i * dims, dims);
        for (int j = 0; j < codes.Length; j++)
        {
            if (j != i)
                sums[codes[j]] += Math.Sqrt(Distance.SquaredEuclidean(xi, x.AsSpan(j * dims, dims)));
        }

        double a = sums[own] / (sizes[own] - 1);
        double b = double.PositiveInfinity;
        for (int c = 0; c < sums.Length; c++)
        {
            if (c != own)
                b = Math.Min(b, sums[c] / sizes[c]);
        }
        double scale = Math.Max(a, b);
        // a == b == 0 happens for duplicate points; sklearn's nan_to_num maps that 0/0 to 0.
        return scale > 0 ? (b - a) / scale : 0.0;
    }

    /// <summary>All rows, or a uniform subset without replacement (partial Fisher-Yates), sorted.</summary>
    private static int[] SampleRows(int n, int maxSample, int seed)
    {
        if (n <= maxSample)
            return [.. Enumerable.Range(0, n)];

        // The shuffle of an identity array of n, keeping only the positions it moved: the same draws and the same
        // subset, without an array of millions for a sample of thousands.
        var rng = new Random(seed);
        var moved = new Dictionary<int, int>(2 * maxSample);
        var sample = new int[maxSample];
        for (int i = 0; i < maxSample; i++)
        {
            int j = rng.Next(i, n);
            int atI = moved.GetValueOrDefault(i, i), atJ = moved.GetValueOrDefault(j, j);
            moved[j] = atI;
            sample[i] = atJ;
        }
        // Sorted only for memory locality when gathering; the subset itself is what the seed decides.
        Array.Sort(sample);
        return sample;
    }
}
