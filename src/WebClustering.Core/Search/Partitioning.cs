using System.Numerics.Tensors;
using WebClustering.Core.Clustering;

namespace WebClustering.Core.Search;

/// <summary>
/// One group of the index's rows with what bounds every member's score: the centre and radius of the rows, and
/// of the rows scaled to unit length (for cosine). A query skips a group whose best possible score cannot beat
/// the k-th best found so far, so the search stays exact.
/// </summary>
internal sealed record Partition(int FirstBlock, int Blocks, float[] Centre, float Radius, float[] UnitCentre, float UnitRadius)
{
    /// <summary>An upper bound of the goodness (see <see cref="VectorIndex"/>) of any row in this partition.</summary>
    public float Bound(ReadOnlySpan<float> query, float queryNorm, SimilarityMetric metric)
    {
        switch (metric)
        {
            case SimilarityMetric.Dot: // q.x = q.c + q.(x - c) <= q.c + |q| r
                return TensorPrimitives.Dot(query, Centre) + queryNorm * Radius;
            case SimilarityMetric.Cosine: // scans score q.x^ (|q| times the cosine): q.x^ <= q.c' + |q| r'
                return TensorPrimitives.Dot(query, UnitCentre) + queryNorm * UnitRadius;
            default: // |q - x| >= |q - c| - r
                float gap = MathF.Max(0, TensorPrimitives.Distance(query, Centre) - Radius);
                return -gap * gap;
        }
    }
}

internal static class Partitioning
{
    /// <summary>Below this many rows a plain scan is as fast as anything.</summary>
    public const int MinRowsToPartition = 4096;

    /// <summary>
    /// Groups rows by k-means (about sqrt(n)/2 groups, fitted on a sample of 16 rows a group so that building
    /// stays short; the groups need not be good clusters, only compact enough for the bounds to prune). Returns the group of every row.
    /// </summary>
    public static (int[] Assignment, int Groups) Assign(Matrix rows, int seed = 0)
    {
        if (rows.Rows < MinRowsToPartition) return (new int[rows.Rows], 1);
        int groups = Math.Clamp((int)Math.Sqrt(rows.Rows) / 2, 2, 1024);
        var random = new Random(seed);
        int sampleSize = Math.Min(rows.Rows, 16 * groups);
        var sample = new float[sampleSize * rows.Cols];
        for (int i = 0; i < sampleSize; i++) rows.Row(random.Next(rows.Rows)).CopyTo(sample.AsSpan(i * rows.Cols));
        var fitted = KMeans.Fit(new Matrix(sample, sampleSize, rows.Cols), new KMeansOptions(groups, NInit: 1, MaxIterations: 10, Seed: seed));
        return (KMeans.Assign(rows, fitted.Centroids), groups);
    }

    public static (float[] Centre, float Radius) Enclose(IReadOnlyList<int> members, Func<int, float[]> vectorOf, int dims)
    {
        var centre = new float[dims];
        foreach (var row in members) TensorPrimitives.Add(centre, vectorOf(row), centre);
        if (members.Count > 0) TensorPrimitives.Divide(centre, members.Count, centre);
        float radius = 0;
        foreach (var row in members) radius = MathF.Max(radius, TensorPrimitives.Distance(vectorOf(row), centre));
        // Rounding must never make the bound too tight: pad the radius a little.
        return (centre, radius * 1.0001f + 1e-6f);
    }
}
