using System.Numerics;

namespace WebClustering.Core.Clustering;

/// <summary>One finished restart: labels match the returned centroids.</summary>
internal sealed record LloydRun(int[] Labels, float[] Centroids, double Inertia, int Iterations);

/// <summary>Lloyd iterations, with the control flow of scikit-learn's <c>_kmeans_single_lloyd</c>.</summary>
internal static class Lloyd
{
    // In blocks of PackedRows.Width rows: 256 blocks is 2048 rows on AVX2.
    private const int ChunkBlocks = 256;

    public static LloydRun Run(
        Matrix data, PackedRows packed, float[] centroids, int k, int maxIterations, double tolerance, bool parallel,
        CancellationToken ct)
    {
        int n = data.Rows;
        var labels = new int[n];
        var previous = new int[n];
        Array.Fill(previous, -1);
        var distances = new float[n];
        var next = new float[centroids.Length];
        var update = new CentroidUpdate(k, data.Cols);

        bool strictConvergence = false;
        int iterations = 0;
        while (iterations < maxIterations)
        {
            ct.ThrowIfCancellationRequested();
            AssignAll(packed, centroids, k, labels, distances, parallel);
            update.Compute(data, labels, distances, centroids, next);
            double shift = SquaredShift(centroids, next);
            (centroids, next) = (next, centroids);
            iterations++;

            // Unchanged labels mean the new centroids equal the old ones: a fixed point.
            if (labels.AsSpan().SequenceEqual(previous))
            {
                strictConvergence = true;
                break;
            }
            if (shift <= tolerance)
                break;
            labels.CopyTo(previous, 0);
        }

        // Stopping on tolerance (or the iteration cap) leaves labels one update behind the centroids;
        // re-assign so the returned labels are exactly the nearest-centroid labels.
        if (!strictConvergence)
            AssignAll(packed, centroids, k, labels, distances, parallel);

        return new LloydRun(labels, centroids, Sum(distances), iterations);
    }

    /// <summary>
    /// Sum of the kernel's float distances in double: what restarts are ranked by. Accurate to ~1e-7 relative,
    /// and free, since the last assignment computed them; the winner's reported inertia is recomputed exactly.
    /// </summary>
    internal static double Sum(float[] distances)
    {
        double total = 0;
        foreach (float d in distances)
            total += d;
        return total;
    }

    /// <summary>Nearest-centroid label and squared distance for every row (ties to the lowest index).</summary>
    public static void AssignAll(PackedRows packed, float[] centroids, int k, int[] labels, float[] distances, bool parallel)
    {
        int w = PackedRows.Width;
        Vector<float>[] broadcast = PackedRows.Broadcast(centroids.AsSpan(0, k * packed.Dims));
        RowChunks.For(packed.BlockCount, ChunkBlocks, parallel, (start, end) =>
        {
            ReadOnlySpan<Vector<float>> centres = broadcast;
            for (int b = start; b < end; b++)
            {
                packed.Nearest(b, centres, k, out Vector<int> blockLabels, out Vector<float> blockDistances);
                int lanes = packed.LanesIn(b);
                if (lanes == w)
                {
                    blockLabels.CopyTo(labels.AsSpan(b * w, w));
                    blockDistances.CopyTo(distances.AsSpan(b * w, w));
                }
                else
                {
                    for (int l = 0; l < lanes; l++)
                    {
                        labels[b * w + l] = blockLabels[l];
                        distances[b * w + l] = blockDistances[l];
                    }
                }
            }
        });
    }

    /// <summary>Sum over centroids of the squared distance each one moved (sklearn's center_shift_tot).</summary>
    internal static double SquaredShift(float[] before, float[] after)
    {
        double total = 0;
        for (int i = 0; i < before.Length; i++)
        {
            double d = (double)after[i] - before[i];
            total += d * d;
        }
        return total;
    }

    /// <summary>Sum of squared distances to the assigned centroids, each pair and the total in double.</summary>
    /// <remarks>
    /// Double per pair (not the float kernel) because this is the number reported and compared across methods;
    /// the serial sum keeps it independent of threading.
    /// </remarks>
    internal static double Inertia(Matrix data, float[] centroids, int[] labels) =>
        AddInertia(0, data.Values.AsSpan(0, labels.Length * data.Cols), data.Cols, centroids, labels);

    /// <summary><paramref name="total"/> plus the squared distances of <paramref name="values"/>' rows to their centroids, in row order.</summary>
    internal static double AddInertia(double total, ReadOnlySpan<float> values, int dims, float[] centroids, ReadOnlySpan<int> labels)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            int x = i * dims, c = labels[i] * dims;
            for (int d = 0; d < dims; d++)
            {
                double diff = (double)values[x + d] - centroids[c + d];
                total += diff * diff;
            }
        }
        return total;
    }
}
