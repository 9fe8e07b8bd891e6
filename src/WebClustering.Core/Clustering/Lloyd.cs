namespace WebClustering.Core.Clustering;

/// <summary>One finished restart: labels match the returned centroids.</summary>
internal sealed record LloydRun(int[] Labels, float[] Centroids, double Inertia, int Iterations);

/// <summary>Lloyd iterations, with the control flow of scikit-learn's <c>_kmeans_single_lloyd</c>.</summary>
internal static class Lloyd
{
    private const int ChunkRows = 2048;

    public static LloydRun Run(
        Matrix data, float[] centroids, int k, int maxIterations, double tolerance, bool parallel,
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
            AssignAll(data, centroids, k, labels, distances, parallel);
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
            AssignAll(data, centroids, k, labels, distances, parallel);

        double inertia = Inertia(data, centroids, labels, distances, parallel);
        return new LloydRun(labels, centroids, inertia, iterations);
    }

    /// <summary>Nearest-centroid label and squared distance for every row.</summary>
    public static void AssignAll(Matrix data, float[] centroids, int k, int[] labels, float[] distances, bool parallel)
    {
        int length = k * data.Cols;
        RowChunks.For(data.Rows, ChunkRows, parallel, (start, end) =>
        {
            ReadOnlySpan<float> centres = centroids.AsSpan(0, length);
            for (int i = start; i < end; i++)
                labels[i] = Distance.Nearest(data.Row(i), centres, k, out distances[i]);
        });
    }

    /// <summary>Sum over centroids of the squared distance each one moved (sklearn's center_shift_tot).</summary>
    private static double SquaredShift(float[] before, float[] after)
    {
        double total = 0;
        for (int i = 0; i < before.Length; i++)
        {
            double d = (double)after[i] - before[i];
            total += d * d;
        }
        return total;
    }

    private static double Inertia(Matrix data, float[] centroids, int[] labels, float[] scratch, bool parallel)
    {
        int dims = data.Cols;
        RowChunks.For(data.Rows, ChunkRows, parallel, (start, end) =>
        {
            for (int i = start; i < end; i++)
                scratch[i] = Distance.SquaredEuclidean(data.Row(i), centroids.AsSpan(labels[i] * dims, dims));
        });
        // Summed serially in double so the total never depends on thread timing.
        double total = 0;
        foreach (float d in scratch)
            total += d;
        return total;
    }
}
