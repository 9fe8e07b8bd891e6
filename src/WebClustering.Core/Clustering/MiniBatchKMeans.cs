using WebClustering.Core.Rows;

namespace WebClustering.Core.Clustering;

/// <summary>Settings for <see cref="MiniBatchKMeans.Fit"/>; defaults follow scikit-learn's <c>MiniBatchKMeans</c>.</summary>
/// <param name="K">Number of clusters, 2 &lt;= K &lt;= rows.</param>
/// <param name="BatchSize">Rows sampled (with replacement) per step.</param>
/// <param name="MaxIterations">Upper bound on passes over the data; steps = MaxIterations * rows / BatchSize.</param>
/// <param name="NInit">Seedings tried on the initial subsample; the one with the lowest subsample inertia is run.</param>
/// <param name="MaxNoImprovement">Stop after this many steps without a new minimum of the smoothed batch inertia.</param>
/// <param name="Tolerance">Stop when the squared centroid shift of a step is at most this times the mean feature
/// variance; 0 (the default) disables the test, as in scikit-learn.</param>
/// <param name="Seed">Seed for all randomness.</param>
/// <param name="Init">How the initial centroids are chosen on the subsample.</param>
public sealed record MiniBatchKMeansOptions(
    int K,
    int BatchSize = 1024,
    int MaxIterations = 100,
    int NInit = 3,
    int MaxNoImprovement = 10,
    double Tolerance = 0,
    int Seed = 0,
    KMeansInit Init = KMeansInit.KMeansPlusPlus)
{
    internal void Validate(RowSource data)
    {
        new KMeansOptions(K, NInit, MaxIterations, Tolerance, Seed, Init).Validate(data);
        if (BatchSize < 1)
            throw new ArgumentException($"BatchSize must be at least 1 (got {BatchSize}).", nameof(BatchSize));
        if (MaxNoImprovement < 1)
            throw new ArgumentException($"MaxNoImprovement must be at least 1 (got {MaxNoImprovement}).", nameof(MaxNoImprovement));
    }
}

/// <summary>
/// Sculley's (2010) mini-batch k-means: each step assigns a random batch to the nearest centroids and moves each
/// centroid towards its batch members with a per-centroid learning rate 1 / (rows it has absorbed so far), i.e. every
/// centroid is the running mean of what it has seen. Much cheaper than Lloyd on large inputs, at a few percent of
/// inertia. Labels and inertia are then computed exactly on all rows. Serial and deterministic for a seed.
/// </summary>
public static class MiniBatchKMeans
{
    public static KMeansResult Fit(Matrix data, MiniBatchKMeansOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(new MatrixRows(data), options, ct);
    }

    /// <summary>
    /// The same over rows in memory or streamed (a streamed job's latent vectors, in a file): the steps read their
    /// random rows one at a time and the final assignment reads a block at a time, so nothing per row is held but the
    /// labels. In memory or streamed, the same rows give the same result.
    /// </summary>
    public static KMeansResult Fit(RowSource data, MiniBatchKMeansOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(data);
        int n = data.Rows, dims = data.Cols, k = options.K;
        var rng = new Random(options.Seed);
        int batch = Math.Min(options.BatchSize, n);

        float[] centroids = BestSeeding(data, options, batch, rng, ct);
        double tolerance = options.Tolerance > 0 ? options.Tolerance * KMeans.MeanFeatureVariance(data) : 0;
        var counts = new long[k];
        var batchLabels = new int[batch];
        var x = new float[batch * dims];
        var before = new float[centroids.Length];
        long maxSteps = Math.Max(1, (long)options.MaxIterations * n / batch);
        // Smoothing weight of sklearn's exponentially weighted average of the per-row batch inertia.
        double alpha = Math.Min(1.0, batch * 2.0 / (n + 1));
        double smoothed = double.NaN, bestSmoothed = double.PositiveInfinity;
        int stale = 0, steps = 0;

        while (steps < maxSteps)
        {
            ct.ThrowIfCancellationRequested();
            double batchInertia = 0;
            for (int b = 0; b < batch; b++)
            {
                Span<float> row = x.AsSpan(b * dims, dims);
                data.ReadRow(rng.Next(n), row);
                batchLabels[b] = Distance.Nearest(row, centroids, k, out float d);
                batchInertia += d;
            }
            centroids.CopyTo(before, 0);
            for (int b = 0; b < batch; b++)
            {
                int c = batchLabels[b];
                float rate = 1f / ++counts[c];
                Span<float> centre = centroids.AsSpan(c * dims, dims);
                ReadOnlySpan<float> row = x.AsSpan(b * dims, dims);
                for (int d = 0; d < dims; d++)
                    centre[d] += rate * (row[d] - centre[d]);
            }
            steps++;

            double perRow = batchInertia / batch;
            smoothed = double.IsNaN(smoothed) ? perRow : smoothed * (1 - alpha) + perRow * alpha;
            if (tolerance > 0 && Lloyd.SquaredShift(before, centroids) <= tolerance)
                break;
            if (smoothed < bestSmoothed)
            {
                bestSmoothed = smoothed;
                stale = 0;
            }
            else if (++stale >= options.MaxNoImprovement)
                break;
        }

        var (labels, inertia) = AssignInBlocks(data, centroids, k, ct);
        var sizes = new int[k];
        foreach (int label in labels)
            sizes[label]++;
        return new KMeansResult(labels, new Matrix(centroids, k, dims), inertia, steps, sizes);
    }

    /// <summary>
    /// Labels and exact inertia, the rows packed for the SIMD assignment a block at a time into buffers reused from
    /// block to block: never a copy of the whole set.
    /// </summary>
    private static (int[] Labels, double Inertia) AssignInBlocks(RowSource data, float[] centroids, int k, CancellationToken ct)
    {
        int n = data.Rows, dims = data.Cols;
        var labels = new int[n];
        int blockRows = Math.Min(n, RowSource.PassRows);
        var blockLabels = new int[blockRows];
        var distances = new float[blockRows];
        var blocks = new float[PackedRows.Length(blockRows, dims)];
        double inertia = 0;
        data.ForEachRange(RowSource.PassRows, (values, first, count) =>
        {
            ct.ThrowIfCancellationRequested();
            Lloyd.AssignAll(new PackedRows(values.Span, count, dims, blocks), centroids, k, blockLabels, distances, parallel: false);
            blockLabels.AsSpan(0, count).CopyTo(labels.AsSpan(first));
            // Summed in row order, in double, exactly as Lloyd.Inertia over the whole set.
            inertia = Lloyd.AddInertia(inertia, values.Span, dims, centroids, blockLabels.AsSpan(0, count));
        });
        return (labels, inertia);
    }

    /// <summary>
    /// As scikit-learn: seed on a subsample of 3 x batch rows, NInit times, and keep the seeding whose
    /// subsample inertia is lowest; seeding on all rows would cost more than the mini-batch steps themselves.
    /// </summary>
    private static float[] BestSeeding(RowSource data, MiniBatchKMeansOptions options, int batch, Random rng, CancellationToken ct)
    {
        int n = data.Rows, dims = data.Cols, k = options.K;
        int size = Math.Max(k, Math.Min(n, 3 * batch));
        var sample = new float[size * dims];
        for (int i = 0; i < size; i++)
            data.ReadRow(size == n ? i : rng.Next(n), sample.AsSpan(i * dims, dims));
        var subset = new Matrix(sample, size, dims);
        var packed = new PackedRows(subset);

        float[]? best = null;
        double bestInertia = double.PositiveInfinity;
        var labels = new int[size];
        var distances = new float[size];
        for (int r = 0; r < options.NInit; r++)
        {
            float[] seeds = options.Init == KMeansInit.Random
                ? KMeansPlusPlus.RandomRows(subset, k, rng)
                : KMeansPlusPlus.Init(subset, packed, k, rng, parallel: false, ct);
            Lloyd.AssignAll(packed, seeds, k, labels, distances, parallel: false);
            double inertia = 0;
            foreach (float d in distances)
                inertia += d;
            if (inertia < bestInertia)
            {
                bestInertia = inertia;
                best = seeds;
            }
        }
        return best!;
    }
}
