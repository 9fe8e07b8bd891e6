using WebClustering.Core.Neighbors;

namespace WebClustering.Core.Clustering;

/// <summary>Settings for <see cref="Dbscan.Fit"/>; defaults follow scikit-learn's <c>DBSCAN</c>.</summary>
/// <param name="Eps">Neighbourhood radius (Euclidean; inclusive).</param>
/// <param name="MinSamples">Rows within Eps, the row itself included, that make a row a core point.</param>
public sealed record DbscanOptions(double Eps = 0.5, int MinSamples = 5);

/// <summary>Outcome of a density clustering: labels 0..Clusters-1, -1 for noise.</summary>
/// <param name="CoreRows">Rows that are core points (DBSCAN), ascending; empty for HDBSCAN.</param>
public sealed record DensityResult(int[] Labels, int Clusters, int NoiseCount, int[] CoreRows);

/// <summary>
/// DBSCAN (Ester et al. 1996) as scikit-learn runs it: core points have at least MinSamples rows within Eps; clusters
/// are the components of core points linked within Eps plus the border rows they reach; all else is noise (-1).
/// Clusters are grown from core points in row order, so a border row within reach of two clusters joins the one
/// found first and labels are numbered by each cluster's first core row. Exact radius queries by brute force.
/// </summary>
public static class Dbscan
{
    public static DensityResult Fit(Matrix data, DbscanOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Eps > 0) || double.IsInfinity(options.Eps))
            throw new ArgumentException($"eps must be positive and finite (got {options.Eps}).", nameof(options));
        if (options.MinSamples < 1)
            throw new ArgumentException($"min_samples must be at least 1 (got {options.MinSamples}).", nameof(options));

        int n = data.Rows;
        var packed = new PackedRows(data);
        float radius = (float)(options.Eps * options.Eps);
        var core = new bool[n];
        RowChunks.For(n, 64, (long)n * n * data.Cols >= 1 << 22, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                ct.ThrowIfCancellationRequested();
                core[i] = ExactNeighbors.CountWithin(packed, data.Row(i), radius) >= options.MinSamples;
            }
        });

        var labels = new int[n];
        Array.Fill(labels, -1);
        var queued = new bool[n];
        var queue = new Queue<int>();
        var neighbours = new List<int>();
        int clusters = 0;
        for (int seed = 0; seed < n; seed++)
        {
            if (!core[seed] || labels[seed] >= 0)
                continue;
            ct.ThrowIfCancellationRequested();
            int label = clusters++;
            labels[seed] = label;
            queued[seed] = true;
            queue.Enqueue(seed);
            while (queue.Count > 0)
            {
                int row = queue.Dequeue();
                ExactNeighbors.Within(packed, data.Row(row), radius, neighbours);
                foreach (int j in neighbours)
                {
                    if (labels[j] < 0)
                        labels[j] = label;
                    // Only core points extend a cluster; border rows join it but reach no further.
                    if (core[j] && !queued[j])
                    {
                        queued[j] = true;
                        queue.Enqueue(j);
                    }
                }
            }
        }

        int[] coreRows = Enumerable.Range(0, n).Where(i => core[i]).ToArray();
        return new DensityResult(labels, clusters, labels.Count(l => l < 0), coreRows);
    }
}
