namespace WebClustering.Core.Metrics;

/// <summary>
/// Agreement between a clustering and ground-truth classes. Labels are arbitrary ints; -1 (noise) is treated
/// as one more label. Inputs must be equally long and non-empty (otherwise <see cref="ArgumentException"/>).
/// </summary>
public static class ExternalMetrics
{
    // numpy's float64 machine epsilon; sklearn zeroes MI terms smaller than this.
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// Clustering accuracy: the fraction of rows correct under the best one-to-one mapping of clusters to
    /// classes (Hungarian algorithm). Surplus clusters or classes stay unmatched and count as errors.
    /// </summary>
    /// <remarks>Builds a dense clusters x classes cost matrix, so it is meant for modest label counts.</remarks>
    public static double Accuracy(int[] truth, int[] predicted)
    {
        var table = Contingency.Build(truth, predicted);
        // Hungarian minimises, so negated counts make it maximise matched rows.
        var cost = new double[table.Clusters, table.Classes];
        foreach (var cell in table.Cells)
            cost[cell.Cluster, cell.Class] = -cell.Count;

        int[] classOfCluster = Hungarian.Solve(cost);
        long correct = 0;
        for (int cluster = 0; cluster < classOfCluster.Length; cluster++)
        {
            if (classOfCluster[cluster] >= 0)
                correct -= (long)cost[cluster, classOfCluster[cluster]];
        }
        return (double)correct / table.Total;
    }

    /// <summary>
    /// Normalised mutual information with arithmetic-mean normalisation, MI / ((H(truth) + H(predicted)) / 2)
    /// (scikit-learn's default). Two single-cluster labellings score 1; when only one side is split, 0.
    /// </summary>
    public static double NormalizedMutualInformation(int[] truth, int[] predicted)
    {
        var table = Contingency.Build(truth, predicted);
        // sklearn: if neither labelling splits the data they agree perfectly.
        if (table.Classes == 1 && table.Clusters == 1)
            return 1.0;

        double n = table.Total, logN = Math.Log(n);
        double mi = 0;
        foreach (var cell in table.Cells)
        {
            double term = cell.Count / n * (Math.Log(cell.Count) + logN
                - Math.Log(table.ClassSizes[cell.Class]) - Math.Log(table.ClusterSizes[cell.Cluster]));
            // As sklearn: drop round-off sized terms so independent labellings give exactly 0.
            if (Math.Abs(term) >= MachineEpsilon)
                mi += term;
        }
        mi = Math.Max(mi, 0.0);
        if (mi == 0.0)
            return 0.0;

        double normalizer = (Entropy(table.ClassSizes, n) + Entropy(table.ClusterSizes, n)) / 2;
        return mi / Math.Max(normalizer, MachineEpsilon);
    }

    /// <summary>
    /// Adjusted Rand index via the pair confusion matrix (scikit-learn's formulation): 1 for identical
    /// partitions, about 0 for random ones, negative when agreement is below chance.
    /// </summary>
    public static double AdjustedRandIndex(int[] truth, int[] predicted)
    {
        var table = Contingency.Build(truth, predicted);
        // Pair counts reach n^2 and their products n^4, beyond long for n > ~55k; Int128 keeps them exact.
        Int128 n = table.Total;
        Int128 sumSquares = 0, byClusterSize = 0, byClassSize = 0;
        foreach (var cell in table.Cells)
        {
            Int128 count = cell.Count;
            sumSquares += count * count;
            byClusterSize += count * table.ClusterSizes[cell.Cluster];
            byClassSize += count * table.ClassSizes[cell.Class];
        }

        Int128 tp = sumSquares - n;                 // ordered pairs together in both
        Int128 fp = byClusterSize - sumSquares;     // together in predicted only
        Int128 fn = byClassSize - sumSquares;       // together in truth only
        Int128 tn = n * n - fp - fn - sumSquares;   // apart in both
        if (fn == 0 && fp == 0)
            return 1.0;

        Int128 numerator = 2 * (tp * tn - fn * fp);
        Int128 denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
        return (double)numerator / (double)denominator;
    }

    private static double Entropy(long[] sizes, double n)
    {
        double h = 0;
        foreach (long size in sizes)
        {
            double p = size / n;
            h -= p * Math.Log(p);
        }
        return h;
    }
}
