using WebClustering.Core.Rows;

namespace WebClustering.Core.Metrics;

/// <summary>Internal scores always; external ones (against the label column) only when the dataset has labels.</summary>
public sealed record ClusteringScores(
    double Inertia,
    double Silhouette,
    double DaviesBouldin,
    double CalinskiHarabasz,
    double? Accuracy,
    double? Nmi,
    double? Ari)
{
    /// <summary>
    /// Scores on the rows that belong to a cluster (noise, -1, is not a cluster). Inertia is the algorithm's own where
    /// it minimises one (k-means in the latent space), else the within-cluster sum of squares around cluster means.
    /// </summary>
    public static ClusteringScores Of(Matrix points, int[] predicted, double? inertia, IReadOnlyList<string?>? labels, int seed) =>
        Of(new MatrixRows(points), predicted, inertia, labels, seed);

    /// <summary>
    /// The same over points in memory or streamed (a streamed job's latent vectors, in a file): a pass or two over
    /// the rows per score, and a sample for the silhouette, so that nothing per row is held but the labels.
    /// </summary>
    public static ClusteringScores Of(RowSource points, int[] predicted, double? inertia, IReadOnlyList<string?>? labels, int seed)
    {
        bool all = Array.TrueForAll(predicted, label => label >= 0);
        // Noise comes from the density algorithms only, which hold their points in memory anyway.
        int[] kept = all ? [] : [.. Enumerable.Range(0, predicted.Length).Where(i => predicted[i] >= 0)];
        RowSource rows = all ? points : new MatrixRows(points.ReadAll().SelectRows(kept));
        int[] clustered = all ? predicted : [.. kept.Select(i => predicted[i])];
        bool any = clustered.Length > 0;
        int[]? truth = labels is null ? null : ClassLabels.Encode(labels);
        // External scores count noise as a cluster of its own: it is a prediction the labels can disagree with.
        return new ClusteringScores(
            inertia ?? (any ? InternalMetrics.Inertia(rows, clustered) : double.NaN),
            any ? InternalMetrics.Silhouette(rows, clustered, seed: seed) : double.NaN,
            any ? InternalMetrics.DaviesBouldin(rows, clustered) : double.NaN,
            any ? InternalMetrics.CalinskiHarabasz(rows, clustered) : double.NaN,
            truth is null ? null : ExternalMetrics.Accuracy(truth, predicted),
            truth is null ? null : ExternalMetrics.NormalizedMutualInformation(truth, predicted),
            truth is null ? null : ExternalMetrics.AdjustedRandIndex(truth, predicted));
    }
}

/// <summary>A dataset's label column as class indices, for the external scores and the plots.</summary>
public static class ClassLabels
{
    /// <summary>Maps label strings to class indices in order of first appearance; a missing label is a class of its own.</summary>
    public static int[] Encode(IReadOnlyList<string?> labels)
    {
        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new int[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            var key = labels[i] ?? "\0missing";
            if (!classes.TryGetValue(key, out var index)) classes[key] = index = classes.Count;
            result[i] = index;
        }
        return result;
    }
}
