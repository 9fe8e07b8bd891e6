using WebClustering.Core.Clustering;
using WebClustering.Core.Metrics;
using WebClustering.Core.Projection;
using WebClustering.Core.Rows;

namespace WebClustering.Core.Pipeline;

/// <summary>
/// Plain clusterings of a job's preprocessed input beside the autoencoder's: k-means on the scaled rows, and k-means
/// on their leading principal components (as many as the latent has dimensions). Internal scores are each measured in
/// their own space; the external ones (ACC, NMI, ARI against the labels) compare directly with the job's.
/// </summary>
/// <param name="Rows">Rows clustered: every row, or an evenly spaced sample of <see cref="Baseline.MaxRows"/> of them.</param>
/// <param name="K">The k the job's own clustering ended with.</param>
/// <param name="Seconds">What the baseline added to the job's time.</param>
public sealed record BaselineScores(int Rows, int K, ClusteringScores KMeans, int PcaComponents, ClusteringScores PcaKMeans, double Seconds);

public static class Baseline
{
    /// <summary>Larger datasets are sampled (every n-th row), so that the baseline costs a small share of the job.</summary>
    public const int MaxRows = 20_000;

    /// <param name="scaled">The rows as the autoencoder saw them (after the job's preprocessing).</param>
    /// <returns>Null when the job's clustering found fewer than two clusters.</returns>
    public static BaselineScores? Run(Matrix scaled, IReadOnlyList<string?>? labels, int k, int latentDim, int seed,
        CancellationToken cancellationToken = default) =>
        Run(new MatrixRows(scaled), labels, k, latentDim, seed, cancellationToken);

    /// <summary>The same over rows in memory or streamed: only the sample is read.</summary>
    public static BaselineScores? Run(RowSource scaled, IReadOnlyList<string?>? labels, int k, int latentDim, int seed,
        CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int[] rows = Sample(scaled.Rows);
        if (k < 2 || k > rows.Length) return null;
        var sample = rows.Length == scaled.Rows && scaled.InMemory is { } all ? all : scaled.ReadRows(rows);
        IReadOnlyList<string?>? sampleLabels = labels is null || rows.Length == scaled.Rows ? labels : [.. rows.Select(i => labels[i])];
        var options = new KMeansOptions(k, NInit: 10, Seed: seed);

        var kmeans = KMeans.Fit(sample, options, cancellationToken);
        var kmeansScores = ClusteringScores.Of(sample, kmeans.Labels, kmeans.Inertia, sampleLabels, seed);
        cancellationToken.ThrowIfCancellationRequested();

        int components = Math.Clamp(latentDim, 1, sample.Cols);
        var projected = Pca.Fit(sample, components).Projected;
        var pca = KMeans.Fit(projected, options, cancellationToken);
        var pcaScores = ClusteringScores.Of(projected, pca.Labels, pca.Inertia, sampleLabels, seed);
        return new BaselineScores(sample.Rows, k, kmeansScores, components, pcaScores, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Every row, or <see cref="MaxRows"/> evenly spaced ones (row i·n/MaxRows): no randomness, so a job's baseline never moves.</summary>
    public static int[] Sample(int rowCount) => EvenlySpaced.Rows(rowCount, MaxRows);
}
