using WebClustering.Core.Neighbors;

namespace WebClustering.Core.Manifold;

/// <summary>
/// A symmetric weighted graph in coordinate form, both directions of every edge listed, sorted by (head, tail).
/// </summary>
public sealed record FuzzyGraph(int Rows, int[] Heads, int[] Tails, float[] Weights);

/// <summary>
/// umap-learn's <c>fuzzy_simplicial_set</c> with local_connectivity 1 and set_op_mix_ratio 1: each row's
/// neighbourhood becomes a fuzzy set with membership exp(-(d - rho) / sigma), where rho is the distance to the nearest
/// neighbour (so every row is fully connected to at least one other) and sigma is found by bisection so the
/// memberships sum to log2(k); the directed sets are then joined by the fuzzy union a + b - ab.
/// </summary>
public static class FuzzySimplicialSet
{
    private const double Tolerance = 1e-5;        // umap's SMOOTH_K_TOLERANCE
    private const double MinScale = 1e-3;         // umap's MIN_K_DIST_SCALE

    /// <summary>
    /// The graph of the <paramref name="nNeighbors"/>-nearest-neighbour sets (the row itself counted), found exactly or
    /// from an HNSW index (<see cref="ApproximateNeighbors"/>, deterministic) as <paramref name="search"/> says.
    /// </summary>
    public static FuzzyGraph Build(Matrix data, int nNeighbors, NeighborSearch search = NeighborSearch.Exact, CancellationToken ct = default)
    {
        bool exact = search == NeighborSearch.Exact || (search == NeighborSearch.Auto && data.Rows <= UmapOptions.ExactNeighborRows);
        NeighborGraph knn = exact
            ? ExactNeighbors.Query(data, nNeighbors - 1, ct)
            : ApproximateNeighbors.Query(data, nNeighbors - 1, ct);
        var (sigmas, rhos) = SmoothKnnDistances(knn.Distances, knn.K, nNeighbors);
        return Symmetrise(knn, sigmas, rhos, data.Rows);
    }

    /// <summary>
    /// Per row, sigma and rho over its k - 1 nearest other rows (the implicit self at distance 0 is skipped as in
    /// umap-learn, whose first neighbour is the row itself): sum_j exp(-max(0, d_j - rho) / sigma) = log2(k).
    /// </summary>
    internal static (double[] Sigmas, double[] Rhos) SmoothKnnDistances(float[] distances, int others, int k)
    {
        int n = distances.Length / others;
        double target = Math.Log2(k);
        double meanAll = distances.Average(d => (double)d) * others / (others + 1); // umap averages including self
        var sigmas = new double[n];
        var rhos = new double[n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = distances.AsSpan(i * others, others);
            foreach (float d in row)
            {
                if (d > 0)
                {
                    rhos[i] = d; // the first non-zero distance: local_connectivity = 1
                    break;
                }
            }
            double lo = 0, hi = double.PositiveInfinity, mid = 1;
            for (int iteration = 0; iteration < 64; iteration++)
            {
                double sum = 0;
                foreach (float d in row)
                {
                    double excess = d - rhos[i];
                    sum += excess > 0 ? Math.Exp(-excess / mid) : 1.0;
                }
                if (Math.Abs(sum - target) < Tolerance)
                    break;
                if (sum > target)
                {
                    hi = mid;
                    mid = (lo + hi) / 2;
                }
                else
                {
                    lo = mid;
                    mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2;
                }
            }
            // A floor on sigma keeps duplicate-heavy neighbourhoods from producing infinitely sharp memberships.
            double mean = rhos[i] > 0 ? row.ToArray().Average(d => (double)d) * others / (others + 1) : meanAll;
            sigmas[i] = Math.Max(mid, MinScale * mean);
        }
        return (sigmas, rhos);
    }

    private static FuzzyGraph Symmetrise(NeighborGraph knn, double[] sigmas, double[] rhos, int n)
    {
        int k = knn.K;
        // Each directed membership is listed under (i, j) and, transposed, under (j, i); sorting by the pair
        // brings an edge and its reverse together so the fuzzy union can be taken in one pass.
        var keys = new long[2L * n * k];
        var values = new float[keys.Length];
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            for (int m = 0; m < k; m++)
            {
                int j = knn.Indices[i * k + m];
                double excess = knn.Distances[i * k + m] - rhos[i];
                float w = (float)(excess <= 0 || sigmas[i] == 0 ? 1.0 : Math.Exp(-excess / sigmas[i]));
                if (w <= 0)
                    continue;
                keys[count] = (long)i * n + j; values[count++] = w;
                keys[count] = (long)j * n + i; values[count++] = w;
            }
        }
        Array.Sort(keys, values, 0, count);

        var heads = new List<int>(count);
        var tails = new List<int>(count);
        var weights = new List<float>(count);
        for (int e = 0; e < count;)
        {
            long key = keys[e];
            float a = values[e], b = 0;
            int run = 1;
            // At most two entries share a pair: i's membership of j and j's membership of i.
            if (e + 1 < count && keys[e + 1] == key)
            {
                b = values[e + 1];
                run = 2;
            }
            float union = a + b - a * b;
            // With only one direction present the reverse membership is 0 and the union is the value itself;
            // a pair listed twice from one side cannot happen as neighbour lists hold distinct rows.
            heads.Add((int)(key / n));
            tails.Add((int)(key % n));
            weights.Add(union);
            e += run;
        }
        return new FuzzyGraph(n, heads.ToArray(), tails.ToArray(), weights.ToArray());
    }
}
