namespace WebClustering.Core.Clustering;

/// <summary>
/// Greedy k-means++ seeding as in scikit-learn's <c>_kmeans_plusplus</c>: each new centre is the best of
/// <c>2 + ln(k)</c> candidates sampled proportionally to squared distance, judged by the potential it leaves.
/// </summary>
internal static class KMeansPlusPlus
{
    private const int ChunkRows = 4096;

    /// <summary>Returns k x dims initial centroids (row-major), chosen among the data rows.</summary>
    public static float[] Init(Matrix data, int k, Random rng, bool parallel, CancellationToken ct)
    {
        int n = data.Rows, dims = data.Cols;
        var centers = new float[k * dims];
        // Plain k-means++ (one candidate) is noticeably worse in practice; this is sklearn's trial count.
        int trials = 2 + (int)Math.Log(k);

        int first = rng.Next(n);
        data.Row(first).CopyTo(centers.AsSpan(0, dims));

        var closest = new double[n];       // squared distance of each row to its nearest chosen centre
        double potential = MinDistances(data, first, null, closest, parallel);

        var cumulative = new double[n];
        var trial = new double[n];
        var best = new double[n];
        for (int c = 1; c < k; c++)
        {
            ct.ThrowIfCancellationRequested();
            double running = 0;
            for (int i = 0; i < n; i++)
            {
                running += closest[i];
                cumulative[i] = running;
            }

            int bestCandidate = -1;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                int candidate = SampleIndex(cumulative, rng.NextDouble() * potential);
                double candidatePotential = MinDistances(data, candidate, closest, trial, parallel);
                // 't == 0' guarantees a choice even if potentials overflow to infinity.
                if (t == 0 || candidatePotential < bestPotential)
                {
                    bestPotential = candidatePotential;
                    bestCandidate = candidate;
                    (trial, best) = (best, trial);
                }
            }

            data.Row(bestCandidate).CopyTo(centers.AsSpan(c * dims, dims));
            (closest, best) = (best, closest);
            potential = bestPotential;
        }
        return centers;
    }

    /// <summary>
    /// First index whose cumulative weight exceeds <paramref name="target"/>; zero-weight rows (already
    /// centres) are never picked unless every weight is zero, in which case the last row is returned.
    /// </summary>
    private static int SampleIndex(double[] cumulative, double target)
    {
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target)
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }

    /// <summary>output[i] = min(current[i], |x_i - x_candidate|^2); returns the serial sum of output.</summary>
    private static double MinDistances(Matrix data, int candidate, double[]? current, double[] output, bool parallel)
    {
        float[] centre = data.Row(candidate).ToArray();
        RowChunks.For(data.Rows, ChunkRows, parallel, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                double d = Distance.SquaredEuclidean(data.Row(i), centre);
                output[i] = current is null ? d : Math.Min(current[i], d);
            }
        });
        double sum = 0;
        foreach (double d in output)
            sum += d;
        return sum;
    }
}
