namespace WebClustering.Core.Manifold;

/// <summary>
/// umap-learn's <c>optimize_layout_euclidean</c>, run in parallel yet deterministic: each edge is sampled in proportion
/// to its weight (every epochs_per_sample epochs), pulling its head towards its tail along the gradient of
/// log(1 / (1 + a d^(2b))); each positive sample brings negative_sample_rate random rows that push the head away.
/// Gradients are clipped to [-4, 4] and the step decays linearly.
/// </summary>
/// <remarks>
/// Each epoch walks the rows in steps of 4,096; a step's rows are split into fixed chunks of 512 that run in parallel,
/// and a row is only ever written by its own chunk: an edge moves its head only (umap-learn also moves the tail; here
/// the reverse edge, which the symmetric graph always holds, moves the tail, and the pull is doubled so each end gets
/// the same attraction as in umap-learn). Rows of earlier and later steps are read live (nobody writes them during
/// the step); rows of the current step are read from a copy taken when it began. Each chunk draws its negative
/// samples from its own stream keyed by (seed, epoch, chunk). So the embedding is bit-identical for a seed whatever
/// the thread count or schedule, and only edges inside one step (a few percent of them) see a slightly stale end.
/// Reading every row from an epoch-old copy instead was tried and left clusters visibly looser: two ends pulling
/// towards each other's old places overshoot rather than meet.
/// </remarks>
internal static class UmapLayout
{
    private const float Clip = 4f;
    private const int ChunkRows = 512;
    private const int StepRows = 8 * ChunkRows;

    public static void Optimise(float[] embedding, int dims, FuzzyGraph graph, int epochs, double a, double b,
        UmapOptions options, CancellationToken ct)
    {
        int edges = graph.Heads.Length, n = graph.Rows;
        int[] rowStart = RowOffsets(graph);
        float maxWeight = graph.Weights.Length == 0 ? 0 : graph.Weights.Max();
        // Edges too weak to be sampled even once in the run are dropped, as umap-learn does. Single precision is
        // ample for epoch counters below a few thousand, and halves the per-edge memory of a million-row graph.
        var epochsPerSample = new float[edges];
        for (int e = 0; e < edges; e++)
            epochsPerSample[e] = graph.Weights[e] >= maxWeight / epochs ? maxWeight / graph.Weights[e] : -1;
        var nextSample = (float[])epochsPerSample.Clone();
        float negativeRate = Math.Max(options.NegativeSampleRate, 1e-12f);
        var nextNegative = new float[edges];
        for (int e = 0; e < edges; e++)
            nextNegative[e] = epochsPerSample[e] / negativeRate;

        var snapshot = new float[StepRows * dims];
        var kernel = new UmapGradient((float)a, (float)b, (float)options.RepulsionStrength, Clip);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            float alpha = (float)(options.LearningRate * (1.0 - (double)epoch / epochs));
            for (int stepStart = 0; stepStart < n; stepStart += StepRows)
            {
                int stepRows = Math.Min(StepRows, n - stepStart), chunks = (stepRows + ChunkRows - 1) / ChunkRows;
                Array.Copy(embedding, stepStart * dims, snapshot, 0, stepRows * dims);
                int currentEpoch = epoch, from = stepStart;
                Parallel.For(0, chunks, c =>
                {
                    int chunk = from / ChunkRows + c;
                    ulong state = SplitMix.Mix((ulong)options.Seed, (ulong)currentEpoch, (ulong)chunk);
                    int end = Math.Min(from + stepRows, (chunk + 1) * ChunkRows);
                    for (int j = chunk * ChunkRows; j < end; j++)
                    {
                        Span<float> current = embedding.AsSpan(j * dims, dims);
                        for (int e = rowStart[j]; e < rowStart[j + 1]; e++)
                        {
                            if (epochsPerSample[e] < 0 || nextSample[e] > currentEpoch)
                                continue;
                            kernel.Attract(current, Row(graph.Tails[e]), 2f * alpha);
                            nextSample[e] += epochsPerSample[e];
                            if (options.NegativeSampleRate == 0)
                                continue;
                            float perNegative = epochsPerSample[e] / negativeRate;
                            int negatives = (int)((currentEpoch - nextNegative[e]) / perNegative);
                            for (int p = 0; p < negatives; p++)
                            {
                                state = SplitMix.Mix(state);
                                int r = (int)(((state >> 32) * (ulong)n) >> 32);
                                if (r != j)
                                    kernel.Repel(current, Row(r), alpha);
                            }
                            nextNegative[e] += negatives * perNegative;
                        }
                    }
                });

                // Rows of this step are being written by their chunks: read them as they were when the step began.
                ReadOnlySpan<float> Row(int row) => (uint)(row - from) < (uint)stepRows
                    ? snapshot.AsSpan((row - from) * dims, dims)
                    : embedding.AsSpan(row * dims, dims);
            }
        }
    }

    /// <summary>Start of each row's edges (the graph lists edges sorted by head), n + 1 entries.</summary>
    internal static int[] RowOffsets(FuzzyGraph graph)
    {
        var start = new int[graph.Rows + 1];
        foreach (int head in graph.Heads)
            start[head + 1]++;
        for (int i = 0; i < graph.Rows; i++)
            start[i + 1] += start[i];
        return start;
    }
}
