namespace WebClustering.Core.Manifold;

/// <summary>
/// Trustworthiness (Venna and Kaski 2001, scikit-learn's definition): 1 minus a penalty for embedded k-neighbours
/// that were not k-neighbours in the original space, weighted by how far down the original ranking they were.
/// 1 means every embedded neighbourhood is genuine. O(n^2 log n): for evaluation on modest samples.
/// </summary>
public static class Trustworthiness
{
    public static double Compute(Matrix original, Matrix embedded, int k)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(embedded);
        int n = original.Rows;
        if (embedded.Rows != n)
            throw new ArgumentException("Both matrices must have the same rows.", nameof(embedded));
        if (k < 1 || k >= n / 2.0)
            throw new ArgumentException($"k must be at least 1 and below rows / 2 ({n / 2.0}); got {k}.", nameof(k));

        double penalty = 0;
        var rank = new int[n];
        for (int i = 0; i < n; i++)
        {
            int[] byOriginal = Order(original, i);
            for (int r = 0; r < byOriginal.Length; r++)
                rank[byOriginal[r]] = r + 1; // 1 = nearest other row
            foreach (int j in Order(embedded, i).Take(k))
                penalty += Math.Max(0, rank[j] - k);
        }
        return 1 - 2.0 / (n * k * (2.0 * n - 3 * k - 1)) * penalty;
    }

    /// <summary>Other rows by distance from row i.</summary>
    private static int[] Order(Matrix m, int i)
    {
        var others = Enumerable.Range(0, m.Rows).Where(j => j != i).ToArray();
        var distances = others.Select(j => (double)PackedRows.SquaredDistance(m.Row(i), m.Row(j))).ToArray();
        Array.Sort(distances, others);
        return others;
    }
}
