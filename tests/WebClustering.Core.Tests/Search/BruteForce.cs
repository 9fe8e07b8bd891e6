using WebClustering.Core.Search;

namespace WebClustering.Core.Tests.Search;

/// <summary>Similarity by its definition, in double precision, for checking the fast searches against.</summary>
internal static class BruteForce
{
    public static double Score(SimilarityMetric metric, float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0, d2 = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; d2 += (a[i] - b[i]) * (a[i] - b[i]); }
        return metric switch { SimilarityMetric.Dot => dot, SimilarityMetric.Cosine => dot / Math.Sqrt(na * nb), _ => Math.Sqrt(d2) };
    }

    /// <summary>Equal within a relative tolerance (absolute below 1): float32 searches against double sums.</summary>
    public sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));
        public int GetHashCode(double obj) => 0;
    }
}
