namespace WebClustering.Core.Manifold;

/// <summary>
/// Approximate spectral embedding for <see cref="UmapInit.Spectral"/>: block power iteration on
/// M = (I + D^-1/2 W D^-1/2) / 2, whose eigenvalues lie in [0, 1] so the leading ones dominate; the trivial leading
/// eigenvector (proportional to sqrt(degree)) is projected out every step. The result spans the leading non-trivial
/// eigenvectors' subspace, which is what a starting layout needs. Deterministic for a seed.
/// </summary>
internal static class SpectralInit
{
    private const int Iterations = 150;
    private const int Oversampling = 2; // extra vectors speed up convergence of the wanted ones

    public static float[] Compute(FuzzyGraph graph, int dims, Random rng)
    {
        int n = graph.Rows, block = Math.Min(dims + Oversampling, Math.Max(1, n - 1));
        var degree = new double[n];
        for (int e = 0; e < graph.Heads.Length; e++)
            degree[graph.Heads[e]] += graph.Weights[e];
        var invSqrt = new double[n];
        var trivial = new double[n];
        for (int i = 0; i < n; i++)
        {
            invSqrt[i] = degree[i] > 0 ? 1 / Math.Sqrt(degree[i]) : 0;
            trivial[i] = Math.Sqrt(degree[i]);
        }
        Normalise(trivial);

        var basis = new double[block][];
        for (int b = 0; b < block; b++)
        {
            basis[b] = new double[n];
            for (int i = 0; i < n; i++)
                basis[b][i] = rng.NextDouble() - 0.5;
        }
        var next = new double[n];
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            for (int b = 0; b < block; b++)
            {
                double[] v = basis[b];
                Array.Copy(v, next, n);
                for (int e = 0; e < graph.Heads.Length; e++)
                {
                    int i = graph.Heads[e], j = graph.Tails[e];
                    next[i] += invSqrt[i] * graph.Weights[e] * invSqrt[j] * v[j];
                }
                for (int i = 0; i < n; i++)
                    v[i] = next[i] / 2;
            }
            Orthonormalise(basis, trivial);
        }

        var result = new float[n * dims];
        for (int d = 0; d < dims; d++)
            for (int i = 0; i < n; i++)
                result[i * dims + d] = d < block ? (float)basis[d][i] : 0f;
        return result;
    }

    /// <summary>Modified Gram-Schmidt against the trivial vector and then each other, in a fixed order.</summary>
    private static void Orthonormalise(double[][] basis, double[] trivial)
    {
        for (int b = 0; b < basis.Length; b++)
        {
            Subtract(basis[b], trivial);
            for (int c = 0; c < b; c++)
                Subtract(basis[b], basis[c]);
            Normalise(basis[b]);
        }
    }

    private static void Subtract(double[] v, double[] unit)
    {
        double dot = 0;
        for (int i = 0; i < v.Length; i++)
            dot += v[i] * unit[i];
        for (int i = 0; i < v.Length; i++)
            v[i] -= dot * unit[i];
    }

    private static void Normalise(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        if (norm > 0)
            for (int i = 0; i < v.Length; i++)
                v[i] /= norm;
    }
}
