using WebClustering.Core.Rows;

namespace WebClustering.Core.Clustering;

/// <summary>
/// Exact k-means following scikit-learn's <c>KMeans</c>: k-means++ (or random) seeding, Lloyd or Elkan iterations,
/// <c>NInit</c> restarts run in parallel (each with its own pre-drawn seed) and the lowest inertia kept.
/// </summary>
/// <remarks>
/// Speed comes from <see cref="PackedRows"/> (eight rows per SIMD register, four centroids per pass), an M-step that
/// only moves rows whose label changed, and restarts spread over the cores. Results never depend on thread count.
/// </remarks>
public static class KMeans
{
    // Below this many multiply-adds per pass, handing rows to other threads costs more than it saves.
    private const long ParallelWorkThreshold = 1L << 20;

    /// <summary>Clusters the rows of <paramref name="data"/> into <c>options.K</c> groups.</summary>
    /// <exception cref="ArgumentException">Invalid options (e.g. K &lt; 2 or K &gt; rows) or non-finite data.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static KMeansResult Fit(Matrix data, KMeansOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(data);
        ct.ThrowIfCancellationRequested();

        int k = options.K;
        double tolerance = options.Tolerance * MeanFeatureVariance(data);

        // Every restart's seed is drawn up front in restart order, so which thread runs a restart,
        // or when, can never change its random stream.
        var master = new Random(options.Seed);
        var seeds = new int[options.NInit];
        for (int r = 0; r < seeds.Length; r++)
            seeds[r] = master.Next();

        // Split rows across threads only when restarts alone cannot keep the cores busy. Either way each
        // per-row value is computed independently and reduced serially, so the result is identical.
        bool parallelRows = options.NInit < Environment.ProcessorCount
            && (long)data.Rows * data.Cols * k >= ParallelWorkThreshold;

        // One packed copy, read-only and shared by every restart.
        var packed = new PackedRows(data);
        var runs = new LloydRun[options.NInit];
        Parallel.For(0, options.NInit, new ParallelOptions { CancellationToken = ct }, r =>
        {
            var rng = new Random(seeds[r]);
            float[] initial = options.Init == KMeansInit.Random
                ? KMeansPlusPlus.RandomRows(data, k, rng)
                : KMeansPlusPlus.Init(data, packed, k, rng, parallelRows, ct);
            runs[r] = options.Algorithm == KMeansAlgorithm.Elkan
                ? Elkan.Run(data, packed, initial, k, options.MaxIterations, tolerance, parallelRows, ct)
                : Lloyd.Run(data, packed, initial, k, options.MaxIterations, tolerance, parallelRows, ct);
        });

        // Strict '<' scanned in restart order: ties go to the earliest restart, independent of scheduling.
        LloydRun best = runs[0];
        for (int r = 1; r < runs.Length; r++)
        {
            if (runs[r].Inertia < best.Inertia)
                best = runs[r];
        }

        var sizes = new int[k];
        foreach (int label in best.Labels)
            sizes[label]++;
        // Restarts are ranked on the kernel's float distances; the reported figure is recomputed in double.
        double inertia = Lloyd.Inertia(data, best.Centroids, best.Labels);
        return new KMeansResult(
            best.Labels, new Matrix(best.Centroids, k, data.Cols), inertia, best.Iterations, sizes);
    }

    /// <summary>Index of the nearest centroid (squared Euclidean; ties to the lowest index) for every row.</summary>
    public static int[] Assign(Matrix data, Matrix centroids)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(centroids);
        if (centroids.Cols != data.Cols)
            throw new ArgumentException(
                $"Centroids have {centroids.Cols} columns but data has {data.Cols}.", nameof(centroids));
        if (centroids.Rows < 1)
            throw new ArgumentException("At least one centroid is required.", nameof(centroids));

        var labels = new int[data.Rows];
        var distances = new float[data.Rows];
        bool parallel = (long)data.Rows * data.Cols * centroids.Rows >= ParallelWorkThreshold;
        Lloyd.AssignAll(new PackedRows(data), centroids.Values, centroids.Rows, labels, distances, parallel);
        return labels;
    }

    /// <summary>Mean over features of the population variance; scikit-learn scales tol by this.</summary>
    internal static double MeanFeatureVariance(Matrix data) => MeanFeatureVariance(new MatrixRows(data));

    /// <summary>The same in two passes over rows in memory or streamed.</summary>
    internal static double MeanFeatureVariance(RowSource data)
    {
        int n = data.Rows, dims = data.Cols;
        var mean = new double[dims];
        data.ForEachRange(RowSource.PassRows, (values, _, count) =>
        {
            var span = values.Span;
            for (int i = 0; i < count; i++)
                for (int d = 0; d < dims; d++)
                    mean[d] += span[i * dims + d];
        });
        for (int d = 0; d < dims; d++)
            mean[d] /= n;

        // Two-pass (centre, then square) to avoid the cancellation of E[x^2] - E[x]^2.
        var squares = new double[dims];
        data.ForEachRange(RowSource.PassRows, (values, _, count) =>
        {
            var span = values.Span;
            for (int i = 0; i < count; i++)
                for (int d = 0; d < dims; d++)
                {
                    double diff = span[i * dims + d] - mean[d];
                    squares[d] += diff * diff;
                }
        });
        return squares.Sum() / n / dims;
    }
}
