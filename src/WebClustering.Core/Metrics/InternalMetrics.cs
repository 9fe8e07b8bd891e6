using WebClustering.Core.Rows;

namespace WebClustering.Core.Metrics;

/// <summary>
/// Label-only quality measures (no ground truth), following scikit-learn's definitions, computed in double.
/// </summary>
/// <remarks>
/// Silhouette, Davies-Bouldin and Calinski-Harabasz are undefined unless 2 &lt;= clusters &lt;= rows - 1
/// (scikit-learn raises). They return <see cref="double.NaN"/> instead of throwing, because a degenerate
/// clustering (everything in one cluster, or all noise) is a legitimate result for a service to report,
/// not a caller error. Note that System.Text.Json rejects NaN by default; map it to null when serialising.
/// Invalid arguments (null, length mismatch, no rows) still throw <see cref="ArgumentException"/>.
/// Labels are arbitrary ints; -1 (noise) is treated as an ordinary cluster, as in scikit-learn.
/// </remarks>
public static class InternalMetrics
{
    /// <summary>
    /// Mean silhouette coefficient, (b - a) / max(a, b) per row with Euclidean distances; rows in singleton
    /// clusters score 0. When rows &gt; <paramref name="maxSample"/> it is computed on a uniform random subset
    /// of <paramref name="maxSample"/> rows (distances within the subset only, like sklearn's sample_size),
    /// chosen deterministically from <paramref name="seed"/>. NaN when the (sampled) labels are not scorable.
    /// </summary>
    public static double Silhouette(Matrix data, int[] labels, int maxSample = 5000, int seed = 0)
        => SilhouetteScore.Compute(data, labels, maxSample, seed);

    /// <summary>The same over rows in memory or streamed: only the sampled rows are read.</summary>
    public static double Silhouette(RowSource data, int[] labels, int maxSample = 5000, int seed = 0)
        => SilhouetteScore.Compute(data, labels, maxSample, seed);

    /// <summary>Within-cluster sum of squared distances to each cluster's mean (defined for any cluster count).</summary>
    public static double Inertia(Matrix data, int[] labels) => Inertia(new MatrixRows(data), labels);

    /// <summary>The same in two passes over rows in memory or streamed.</summary>
    public static double Inertia(RowSource data, int[] labels)
    {
        var stats = ClusterStats.Compute(data, labels);
        return WithinSumOfSquares(data, stats);
    }

    /// <summary>
    /// Davies-Bouldin index: mean over clusters of max_j (s_i + s_j) / d(c_i, c_j), where s is the mean
    /// distance of members to their centroid. Lower is better; 0 when all scatters or all centroid distances
    /// are (numerically) zero, as in sklearn. NaN when not scorable.
    /// </summary>
    public static double DaviesBouldin(Matrix data, int[] labels) => DaviesBouldin(new MatrixRows(data), labels);

    /// <summary>The same in two passes over rows in memory or streamed.</summary>
    public static double DaviesBouldin(RowSource data, int[] labels)
    {
        var stats = ClusterStats.Compute(data, labels);
        if (!stats.HasScorableClusterCount)
            return double.NaN;

        int k = stats.Count, dims = data.Cols;
        var scatter = new double[k];
        data.ForEachRange(RowSource.PassRows, (values, first, rows) =>
        {
            for (int r = 0; r < rows; r++)
            {
                int c = stats.Codes[first + r];
                scatter[c] += Math.Sqrt(ClusterStats.SquaredDistance(values.Span.Slice(r * dims, dims), stats.Centroid(c)));
            }
        });
        for (int c = 0; c < k; c++)
            scatter[c] /= stats.Sizes[c];

        var separation = new double[k, k];
        bool allCentroidsCoincide = true;
        for (int a = 0; a < k; a++)
        {
            for (int b = a + 1; b < k; b++)
            {
                double d = Math.Sqrt(ClusterStats.SquaredDistance(stats.Centroid(a), stats.Centroid(b)));
                separation[a, b] = separation[b, a] = d;
                allCentroidsCoincide &= d <= 1e-8;
            }
        }
        // sklearn's np.allclose(x, 0) guard (atol 1e-8).
        if (allCentroidsCoincide || scatter.All(s => s <= 1e-8))
            return 0.0;

        double total = 0;
        for (int a = 0; a < k; a++)
        {
            double worst = 0;
            for (int b = 0; b < k; b++)
            {
                // sklearn turns zero centroid distances into +inf, i.e. such a pair contributes ratio 0.
                if (b != a && separation[a, b] != 0)
                    worst = Math.Max(worst, (scatter[a] + scatter[b]) / separation[a, b]);
            }
            total += worst;
        }
        return total / k;
    }

    /// <summary>
    /// Calinski-Harabasz index: [between-cluster dispersion / (k - 1)] / [within-cluster dispersion / (n - k)].
    /// Higher is better; 1 when the within-cluster dispersion is 0 (sklearn's convention). NaN when not scorable.
    /// </summary>
    public static double CalinskiHarabasz(Matrix data, int[] labels) => CalinskiHarabasz(new MatrixRows(data), labels);

    /// <summary>The same in two passes over rows in memory or streamed.</summary>
    public static double CalinskiHarabasz(RowSource data, int[] labels)
    {
        var stats = ClusterStats.Compute(data, labels);
        if (!stats.HasScorableClusterCount)
            return double.NaN;

        int n = data.Rows, k = stats.Count, dims = data.Cols;
        var mean = new double[dims];
        for (int c = 0; c < k; c++)
        {
            ReadOnlySpan<double> centroid = stats.Centroid(c);
            for (int d = 0; d < dims; d++)
                mean[d] += centroid[d] * stats.Sizes[c];
        }
        for (int d = 0; d < dims; d++)
            mean[d] /= n;

        double between = 0;
        for (int c = 0; c < k; c++)
            between += stats.Sizes[c] * ClusterStats.SquaredDistance(stats.Centroid(c), mean);
        double within = WithinSumOfSquares(data, stats);
        return within == 0.0 ? 1.0 : between * (n - k) / (within * (k - 1.0));
    }

    private static double WithinSumOfSquares(RowSource data, ClusterStats stats)
    {
        double total = 0;
        int dims = data.Cols;
        data.ForEachRange(RowSource.PassRows, (values, first, rows) =>
        {
            for (int r = 0; r < rows; r++)
                total += ClusterStats.SquaredDistance(values.Span.Slice(r * dims, dims), stats.Centroid(stats.Codes[first + r]));
        });
        return total;
    }
}
