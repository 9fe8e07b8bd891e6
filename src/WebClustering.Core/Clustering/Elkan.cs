namespace WebClustering.Core.Clustering;

/// <summary>
/// Elkan's k-means (2003): Lloyd's iteration, but an upper bound on each row's distance to its centroid and a lower
/// bound to every other centroid, kept valid through the triangle inequality as centroids move, let most distance
/// evaluations be skipped. The control flow mirrors <see cref="Lloyd.Run"/> exactly, so from the same initial
/// centroids it returns the same labels, centroids and iteration count.
/// </summary>
/// <remarks>
/// Sameness needs two things. Exact distances come from <see cref="PackedRows.SquaredDistance"/>, bit-identical to
/// Lloyd's blocked kernel, and ties go to the lower index as there. And a bound only prunes when it clears the
/// upper bound by a relative <see cref="Margin"/>: bounds are float distances moved by double shifts, so without
/// the margin a rounding error could prune a centroid that is in truth nearer (or tied and lower-indexed).
/// Memory is n x k doubles for the lower bounds.
/// </remarks>
internal static class Elkan
{
    private const double Margin = 1e-5;
    private const int ChunkRows = 2048;

    public static LloydRun Run(
        Matrix data, PackedRows packed, float[] centroids, int k, int maxIterations, double tolerance, bool parallel,
        CancellationToken ct)
    {
        int n = data.Rows, dims = data.Cols;
        var labels = new int[n];
        var previous = new int[n];
        Array.Fill(previous, -1);
        var distances = new float[n];
        var next = new float[centroids.Length];
        var update = new CentroidUpdate(k, dims);
        var upper = new double[n];
        var lower = new double[(long)n * k];
        var half = new double[k * k];     // half the distance between centroids a and c
        var separation = new double[k];   // half the distance from each centroid to its nearest other centroid
        var counts = new int[k];

        RowChunks.For(n, ChunkRows, parallel, (start, end) => InitialBounds(data, centroids, k, labels, upper, lower, start, end));

        int iterations = 0;
        while (iterations < maxIterations)
        {
            ct.ThrowIfCancellationRequested();
            if (iterations > 0)
            {
                CentroidGaps(centroids, k, dims, half, separation);
                RowChunks.For(n, ChunkRows, parallel, (start, end) =>
                    Assign(data, centroids, k, labels, upper, lower, half, separation, start, end));
            }

            // Relocating an empty cluster needs every row's true distance; bounds will not do. Rare, so recompute.
            Array.Clear(counts);
            foreach (int label in labels)
                counts[label]++;
            if (Array.IndexOf(counts, 0) >= 0)
                for (int i = 0; i < n; i++)
                    distances[i] = PackedRows.SquaredDistance(data.Row(i), centroids.AsSpan(labels[i] * dims, dims));

            update.Compute(data, labels, distances, centroids, next);
            double shift = Lloyd.SquaredShift(centroids, next);
            ShiftBounds(centroids, next, k, dims, labels, upper, lower);
            (centroids, next) = (next, centroids);
            iterations++;

            if (labels.AsSpan().SequenceEqual(previous))
                break;
            if (shift <= tolerance)
                break;
            labels.CopyTo(previous, 0);
        }

        // Always: the distances are needed to rank restarts exactly as Lloyd does (and bounds are not distances).
        Lloyd.AssignAll(packed, centroids, k, labels, distances, parallel);
        return new LloydRun(labels, centroids, Lloyd.Sum(distances), iterations);
    }

    private static void InitialBounds(
        Matrix data, float[] centroids, int k, int[] labels, double[] upper, double[] lower, int start, int end)
    {
        int dims = data.Cols;
        for (int i = start; i < end; i++)
        {
            ReadOnlySpan<float> x = data.Row(i);
            float best = float.PositiveInfinity;
            int bestIndex = 0;
            for (int c = 0; c < k; c++)
            {
                float d = PackedRows.SquaredDistance(x, centroids.AsSpan(c * dims, dims));
                lower[(long)i * k + c] = Math.Sqrt(d);
                if (d < best)
                {
                    best = d;
                    bestIndex = c;
                }
            }
            labels[i] = bestIndex;
            upper[i] = Math.Sqrt(best);
        }
    }

    private static void Assign(
        Matrix data, float[] centroids, int k, int[] labels, double[] upper, double[] lower,
        double[] half, double[] separation, int start, int end)
    {
        int dims = data.Cols;
        for (int i = start; i < end; i++)
        {
            int a = labels[i];
            double u = upper[i];
            if (Prunes(u, separation[a]))
                continue;
            ReadOnlySpan<float> x = data.Row(i);
            long row = (long)i * k;
            bool tight = false;
            for (int c = 0; c < k; c++)
            {
                if (c == a || Prunes(u, lower[row + c]) || Prunes(u, half[a * k + c]))
                    continue;
                if (!tight)
                {
                    u = Math.Sqrt(PackedRows.SquaredDistance(x, centroids.AsSpan(a * dims, dims)));
                    lower[row + a] = u;
                    tight = true;
                    if (Prunes(u, lower[row + c]) || Prunes(u, half[a * k + c]))
                        continue;
                }
                double dc = Math.Sqrt(PackedRows.SquaredDistance(x, centroids.AsSpan(c * dims, dims)));
                lower[row + c] = dc;
                // sqrt of a float in double is strictly monotone, so this is Lloyd's float comparison.
                if (dc < u || (dc == u && c < a))
                {
                    a = c;
                    u = dc;
                }
            }
            labels[i] = a;
            upper[i] = u;
        }
    }

    /// <summary>True when the bound proves the centroid cannot beat (or tie) the current one.</summary>
    private static bool Prunes(double upperBound, double bound) => upperBound < bound * (1 - Margin);

    private static void CentroidGaps(float[] centroids, int k, int dims, double[] half, double[] separation)
    {
        Array.Fill(separation, double.PositiveInfinity);
        for (int a = 0; a < k; a++)
        {
            half[a * k + a] = 0;
            for (int c = a + 1; c < k; c++)
            {
                double d = 0.5 * Math.Sqrt(PackedRows.SquaredDistance(
                    centroids.AsSpan(a * dims, dims), centroids.AsSpan(c * dims, dims)));
                half[a * k + c] = half[c * k + a] = d;
                separation[a] = Math.Min(separation[a], d);
                separation[c] = Math.Min(separation[c], d);
            }
        }
    }

    /// <summary>Moving centroid c by delta can bring it at most delta closer (lower) or farther (upper).</summary>
    private static void ShiftBounds(
        float[] before, float[] after, int k, int dims, int[] labels, double[] upper, double[] lower)
    {
        var delta = new double[k];
        for (int c = 0; c < k; c++)
        {
            double s = 0;
            for (int d = 0; d < dims; d++)
            {
                double diff = (double)after[c * dims + d] - before[c * dims + d];
                s += diff * diff;
            }
            delta[c] = Math.Sqrt(s);
        }
        for (int i = 0; i < labels.Length; i++)
        {
            upper[i] += delta[labels[i]];
            long row = (long)i * k;
            for (int c = 0; c < k; c++)
                lower[row + c] = Math.Max(0, lower[row + c] - delta[c]);
        }
    }
}
