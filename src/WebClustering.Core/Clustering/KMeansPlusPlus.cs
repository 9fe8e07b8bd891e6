namespace WebClustering.Core.Clustering;

/// <summary>
/// Greedy k-means++ seeding as in scikit-learn's <c>_kmeans_plusplus</c>: each new centre is the best of
/// <c>2 + ln(k)</c> candidates sampled proportionally to squared distance, judged by the potential it leaves.
/// </summary>
internal static class KMeansPlusPlus
{
    private const int ChunkBlocks = 512;
    private const int GroupBlocks = 64;

    /// <summary>Returns k x dims initial centroids (row-major), chosen among the data rows.</summary>
    public static float[] Init(Matrix data, PackedRows packed, int k, Random rng, bool parallel, CancellationToken ct)
    {
        int n = data.Rows, dims = data.Cols;
        var centers = new float[k * dims];
        // Plain k-means++ (one candidate) is noticeably worse in practice; this is sklearn's trial count.
        int trials = 2 + (int)Math.Log(k);

        int first = rng.Next(n);
        data.Row(first).CopyTo(centers.AsSpan(0, dims));

        // Padded to whole blocks: the kernel reads and writes full SIMD lanes (padding lanes stay 0).
        int padded = packed.BlockCount * PackedRows.Width;
        var closest = new float[padded];       // squared distance of each row to its nearest chosen centre
        double potential = MinDistances(data, packed, first, null, closest, parallel);

        var cumulative = new double[n];
        var trial = new float[padded];
        var best = new float[padded];
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
                double candidatePotential = MinDistances(data, packed, candidate, closest, trial, parallel);
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

    /// <summary>output[i] = min(current[i], |x_i - x_candidate|^2); returns the sum of output.</summary>
    /// <remarks>
    /// Summed per fixed group of blocks, then over groups in order: the same total with or without threads
    /// (a group never straddles two parallel chunks, as <see cref="ChunkBlocks"/> is a multiple of it).
    /// </remarks>
    private static double MinDistances(
        Matrix data, PackedRows packed, int candidate, float[]? current, float[] output, bool parallel)
    {
        float[] centre = data.Row(candidate).ToArray();
        int groups = (packed.BlockCount + GroupBlocks - 1) / GroupBlocks;
        var groupSums = new double[groups];
        RowChunks.For(groups, ChunkBlocks / GroupBlocks, parallel, (start, end) =>
        {
            for (int g = start; g < end; g++)
                groupSums[g] = packed.MinDistances(
                    g * GroupBlocks, Math.Min(packed.BlockCount, (g + 1) * GroupBlocks), centre, current, output);
        });
        double sum = 0;
        foreach (double s in groupSums)
            sum += s;
        return sum;
    }

    /// <summary>
    /// scikit-learn's <c>init="random"</c>: k distinct rows chosen uniformly (a partial Fisher-Yates shuffle).
    /// Cheaper than k-means++ but needs more restarts to find as good a minimum.
    /// </summary>
    public static float[] RandomRows(Matrix data, int k, Random rng)
    {
        int n = data.Rows, dims = data.Cols;
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        var centers = new float[k * dims];
        for (int c = 0; c < k; c++)
        {
            int j = rng.Next(c, n);
            (order[c], order[j]) = (order[j], order[c]);
            data.Row(order[c]).CopyTo(centers.AsSpan(c * dims, dims));
        }
        return centers;
    }
}
