namespace WebClustering.Core.Manifold;

/// <summary>
/// UMAP (McInnes, Healy and Melville 2018) following umap-learn's Euclidean path: k-nearest neighbours (exact up to
/// <see cref="UmapOptions.ExactNeighborRows"/> rows, an HNSW index above),
/// the fuzzy simplicial set, a spectral or random start rescaled to [0, 10] per coordinate, then SGD with negative
/// sampling against the curve 1 / (1 + a d^(2b)) fitted from min_dist and spread. Neighbour search runs in parallel
/// (exact, so thread-count independent) and the layout single-threaded, so the embedding is a pure function of the
/// data, the options and the seed.
/// </summary>
public static class Umap
{
    public static UmapResult Fit(Matrix data, UmapOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(data.Rows);
        for (int i = 0; i < data.Values.Length; i++)
            if (!float.IsFinite(data.Values[i]))
                throw new ArgumentException($"Data contains a non-finite value at row {i / data.Cols}.", nameof(data));

        int n = data.Rows, dims = options.NComponents;
        int epochs = options.NEpochs ?? (n <= 10_000 ? 500 : 200);
        var rng = new Random(options.Seed);
        var (a, b) = CurveFit.FindAB(options.Spread, options.MinDist);
        FuzzyGraph graph = FuzzySimplicialSet.Build(data, options.NNeighbors, options.Neighbors, ct);

        float[] embedding;
        if (options.Init == UmapInit.Spectral)
        {
            embedding = SpectralInit.Compute(graph, dims, rng);
            // umap-learn: scale to a largest coordinate of 10 and add a little noise to break ties.
            float max = embedding.Max(v => Math.Abs(v));
            float expansion = max > 0 ? 10f / max : 1f;
            for (int i = 0; i < embedding.Length; i++)
                embedding[i] = embedding[i] * expansion + (float)(1e-4 * Gaussian(rng));
        }
        else
        {
            embedding = new float[n * dims];
            for (int i = 0; i < embedding.Length; i++)
                embedding[i] = (float)(rng.NextDouble() * 20 - 10);
        }
        RescaleColumns(embedding, n, dims);

        UmapLayout.Optimise(embedding, dims, graph, epochs, a, b, options, rng, ct);
        return new UmapResult(new Matrix(embedding, n, dims), a, b, graph);
    }

    /// <summary>Every coordinate to [0, 10], as umap-learn does before optimising: the curve's scale assumes it.</summary>
    private static void RescaleColumns(float[] embedding, int n, int dims)
    {
        for (int d = 0; d < dims; d++)
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                min = Math.Min(min, embedding[i * dims + d]);
                max = Math.Max(max, embedding[i * dims + d]);
            }
            float range = max - min;
            for (int i = 0; i < n; i++)
                embedding[i * dims + d] = range > 0 ? 10f * (embedding[i * dims + d] - min) / range : 0f;
        }
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
