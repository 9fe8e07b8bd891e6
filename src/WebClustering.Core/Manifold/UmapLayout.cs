namespace WebClustering.Core.Manifold;

/// <summary>
/// umap-learn's <c>optimize_layout_euclidean</c>, single-threaded: each edge is sampled in proportion to its weight
/// (every epochs_per_sample epochs), pulling its ends together along the gradient of log(1 / (1 + a d^(2b)));
/// each positive sample brings negative_sample_rate random rows pushed apart. Gradients are clipped to [-4, 4] and the
/// step decays linearly. The order of updates and every random draw are fixed by the seed, hence reproducible.
/// </summary>
internal static class UmapLayout
{
    private const float Clip = 4f;

    public static void Optimise(float[] embedding, int dims, FuzzyGraph graph, int epochs, double a, double b,
        UmapOptions options, Random rng, CancellationToken ct)
    {
        int edges = graph.Heads.Length, n = graph.Rows;
        float maxWeight = graph.Weights.Length == 0 ? 0 : graph.Weights.Max();
        // Edges too weak to be sampled even once in the run are dropped, as umap-learn does.
        var epochsPerSample = new double[edges];
        for (int e = 0; e < edges; e++)
            epochsPerSample[e] = graph.Weights[e] >= maxWeight / epochs ? maxWeight / graph.Weights[e] : -1;
        var nextSample = (double[])epochsPerSample.Clone();
        var perNegative = new double[edges];
        for (int e = 0; e < edges; e++)
            perNegative[e] = epochsPerSample[e] / Math.Max(options.NegativeSampleRate, 1e-12);
        var nextNegative = (double[])perNegative.Clone();

        float fa = (float)a, fb = (float)b, gamma = (float)options.RepulsionStrength;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            float alpha = (float)(options.LearningRate * (1.0 - (double)epoch / epochs));
            for (int e = 0; e < edges; e++)
            {
                if (epochsPerSample[e] < 0 || nextSample[e] > epoch)
                    continue;
                int j = graph.Heads[e], k = graph.Tails[e];
                Span<float> current = embedding.AsSpan(j * dims, dims), other = embedding.AsSpan(k * dims, dims);
                float dist = SquaredDistance(current, other);
                float coefficient = 0f;
                if (dist > 0)
                {
                    // d^(b-1) = d^b / d: one pow instead of two in the hottest line of the layout.
                    float power = MathF.Pow(dist, fb);
                    coefficient = -2f * fa * fb * (power / dist) / (fa * power + 1f);
                }
                for (int d = 0; d < dims; d++)
                {
                    float grad = Math.Clamp(coefficient * (current[d] - other[d]), -Clip, Clip) * alpha;
                    current[d] += grad;
                    other[d] -= grad;
                }
                nextSample[e] += epochsPerSample[e];

                if (options.NegativeSampleRate == 0)
                    continue;
                int negatives = (int)((epoch - nextNegative[e]) / perNegative[e]);
                for (int p = 0; p < negatives; p++)
                {
                    int r = rng.Next(n);
                    if (r == j)
                        continue;
                    Span<float> random = embedding.AsSpan(r * dims, dims);
                    dist = SquaredDistance(current, random);
                    coefficient = dist > 0 ? 2f * gamma * fb / ((0.001f + dist) * (fa * MathF.Pow(dist, fb) + 1f)) : 0f;
                    for (int d = 0; d < dims; d++)
                    {
                        // Coincident points get the largest push, in a fixed direction, to separate them.
                        float grad = coefficient > 0 ? Math.Clamp(coefficient * (current[d] - random[d]), -Clip, Clip) : Clip;
                        current[d] += grad * alpha;
                    }
                }
                nextNegative[e] += negatives * perNegative[e];
            }
        }
    }

    private static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float total = 0;
        for (int d = 0; d < x.Length; d++)
        {
            float diff = x[d] - y[d];
            total += diff * diff;
        }
        return total;
    }
}
