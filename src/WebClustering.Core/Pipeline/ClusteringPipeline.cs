using WebClustering.Core.Clustering;
using WebClustering.Core.Inference;
using WebClustering.Core.Metrics;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Pipeline;

/// <param name="Model">The autoencoder, item shape included: the features' columns are its flattened items.</param>
public sealed record PipelineOptions(
    AutoencoderSpec Model,
    TrainingOptions Training,
    ScalingKind Scaling,
    KMeansOptions Clustering);

/// <summary>Internal scores always; external ones (against the label column) only when the dataset has labels.</summary>
public sealed record ClusteringScores(
    double Inertia,
    double Silhouette,
    double DaviesBouldin,
    double CalinskiHarabasz,
    double? Accuracy,
    double? Nmi,
    double? Ari);

public sealed record PipelineResult(
    TrainedModel Model,
    IReadOnlyList<EpochRecord> History,
    Matrix Latent,
    float[] ReconstructionErrors,
    KMeansResult Clusters,
    ClusteringScores Scores)
{
    /// <summary>The training loss of every epoch run.</summary>
    public IReadOnlyList<double> EpochLosses => [.. History.Select(epoch => epoch.TrainingLoss)];
}

/// <summary>
/// The whole unsupervised path for one job: scale the features, train the autoencoder, encode every row, cluster
/// the latent vectors and score the clustering. Labels, when given, are used for scoring only.
/// </summary>
public static class ClusteringPipeline
{
    /// <summary>Share of the reported progress that training takes; encoding and clustering take the rest.</summary>
    public const double TrainingShare = 0.9;

    /// <param name="features">One flattened item per row (e.g. C·H·W pixels or T·F values), as the model's spec shapes them.</param>
    public static PipelineResult Run(Matrix features, IReadOnlyList<string?>? labels, PipelineOptions options,
        Action<double, TrainingProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var spec = options.Model;
        if (features.Cols != spec.InputSize)
            throw new ArgumentException($"The {spec.Kind} model takes items of shape [{string.Join(", ", spec.ItemShape)}] " +
                $"({spec.InputSize} values a row), but the dataset has {features.Cols} feature columns.");
        // Scaling is per column, i.e. per pixel or per (step, feature), fitted on every row.
        var scaler = Scaler.Fit(features, options.Scaling);
        var scaled = scaler.Apply(features);
        var trained = AutoencoderTrainer.Train(scaled, spec, options.Training,
            progress => onProgress?.Invoke(progress.Fraction * TrainingShare, progress), cancellationToken);

        var encoded = ModelInference.EncodeScaled(trained.Model, scaled);
        cancellationToken.ThrowIfCancellationRequested();
        var clusters = KMeans.Fit(encoded.Latent, options.Clustering, cancellationToken);
        var scores = Score(encoded.Latent, clusters, labels, options.Clustering.Seed);
        return new PipelineResult(new TrainedModel(trained.Model, scaler), trained.History, encoded.Latent,
            encoded.ReconstructionErrors, clusters, scores);
    }

    public static ClusteringScores Score(Matrix latent, KMeansResult clusters, IReadOnlyList<string?>? labels, int seed)
    {
        var predicted = clusters.Labels;
        int[]? truth = labels is null ? null : EncodeLabels(labels);
        return new ClusteringScores(
            clusters.Inertia,
            InternalMetrics.Silhouette(latent, predicted, seed: seed),
            InternalMetrics.DaviesBouldin(latent, predicted),
            InternalMetrics.CalinskiHarabasz(latent, predicted),
            truth is null ? null : ExternalMetrics.Accuracy(truth, predicted),
            truth is null ? null : ExternalMetrics.NormalizedMutualInformation(truth, predicted),
            truth is null ? null : ExternalMetrics.AdjustedRandIndex(truth, predicted));
    }

    /// <summary>Maps label strings to class indices in order of first appearance; a missing label is a class of its own.</summary>
    public static int[] EncodeLabels(IReadOnlyList<string?> labels)
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
