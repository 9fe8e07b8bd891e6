using WebClustering.Core.Clustering;
using WebClustering.Core.DeepClustering;
using WebClustering.Core.Inference;
using WebClustering.Core.Metrics;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Pipeline;

/// <summary>What the clustering engine reports besides the scores; fields that do not apply are null.</summary>
/// <param name="KCurve">The score of every k tried (automatic k only).</param>
/// <param name="ClusteringLoss">DEC/IDEC: mean KL(P||Q) between target updates.</param>
public sealed record ClusteringDetails(
    string Algorithm,
    int K,
    int NoiseCount,
    double? LogLikelihood = null,
    double? Bic = null,
    string? Selection = null,
    IReadOnlyList<KScore>? KCurve = null,
    IReadOnlyList<double>? ClusteringLoss = null);

/// <param name="Centroids">K x latent dims: the algorithm's centres where it has them in the latent space, else each cluster's mean (noise excluded).</param>
/// <param name="ClusterSizes">Rows per cluster 0..K-1; noise (-1) is in no cluster.</param>
public sealed record EnginePipelineResult(
    TrainedModel Model,
    IReadOnlyList<EpochRecord> History,
    Matrix Latent,
    float[] ReconstructionErrors,
    int[] Labels,
    Matrix Centroids,
    int[] ClusterSizes,
    ClusteringModel ClusteringModel,
    ClusteringScores Scores,
    ClusteringDetails Details)
{
    public IReadOnlyList<double> EpochLosses => [.. History.Select(epoch => epoch.TrainingLoss)];
}

/// <summary>
/// <see cref="ClusteringPipeline"/> with any algorithm of <see cref="ClusteringEngine"/>: scale, train, encode, then
/// the engine's spec; for dec and idec the k-means start is refined together with the encoder, which is then the
/// model that is saved (new rows must go through the refined encoder to meet the refined centres).
/// </summary>
public static class EnginePipeline
{
    /// <param name="checkpoints">
    /// Checkpoints of the autoencoder's training (see <see cref="TrainingCheckpoints"/>). The last one is taken when
    /// training ends, so a resumed job whose training had ended goes straight to clustering; dec, idec and manifold
    /// clustering keep no checkpoints of their own and start again from the trained autoencoder.
    /// </param>
    public static EnginePipelineResult Run(Matrix features, IReadOnlyList<string?>? labels, PipelineOptions options, ClusteringSpec spec,
        Action<double, TrainingProgress>? onProgress = null, CancellationToken cancellationToken = default,
        TrainingCheckpoints? checkpoints = null)
    {
        var model = options.Model;
        if (features.Cols != model.InputSize)
            throw new ArgumentException($"The {model.Kind} model takes items of shape [{string.Join(", ", model.ItemShape)}] " +
                $"({model.InputSize} values a row), but the dataset has {features.Cols} feature columns.");
        bool deep = spec.Algorithm is ClusteringAlgorithm.Dec or ClusteringAlgorithm.Idec;
        double pretrainShare = ClusteringPipeline.TrainingShare * (deep ? 0.6 : 1.0);
        var scaler = Scaler.Fit(features, options.Scaling);
        var scaled = scaler.Apply(features);
        TrainingProgress last = default;
        var trained = AutoencoderTrainer.Train(scaled, model, options.Training,
            progress => onProgress?.Invoke(progress.Fraction * pretrainShare, last = progress), cancellationToken, WithScaler(checkpoints, scaler));
        try
        {
            var encoded = ModelInference.EncodeScaled(trained.Model, scaled);
            cancellationToken.ThrowIfCancellationRequested();
            int seed = options.Training.Seed;
            ClusteringResult fit = ClusteringEngine.Fit(encoded.Latent, spec, seed, cancellationToken);
            int[] assigned = fit.Labels;
            Matrix? centres = spec.Standardize || spec.Distance != DistanceMetric.Euclidean ? null : fit.Centroids;
            ClusteringModel clusteringModel = fit.Model;
            IReadOnlyList<double>? loss = null;
            if (deep)
            {
                var refined = DeepClustering.DeepClustering.Refine(trained.Model, scaled, fit.Centroids!, spec.Dec,
                    spec.Algorithm == ClusteringAlgorithm.Idec, seed,
                    f => onProgress?.Invoke(pretrainShare + f * (ClusteringPipeline.TrainingShare - pretrainShare), last), cancellationToken);
                encoded = ModelInference.EncodeScaled(trained.Model, scaled);
                centres = refined.Centres;
                assigned = refined.Labels;
                loss = refined.LossHistory;
                clusteringModel = clusteringModel with { Centroids = refined.Centres.Values };
            }
            // Gaussian mixture means are centres too, but only when no preprocessing moved them out of the latent space.
            centres ??= ClusterMeans(encoded.Latent, assigned, fit.K);
            var scores = Score(encoded.Latent, assigned, fit.Inertia is { } inertia && !deep && ReferenceEquals(centres, fit.Centroids) ? inertia : null,
                labels, seed);
            var details = new ClusteringDetails(ClusteringJson.Serialize(spec.Algorithm).Trim('"'), fit.K, fit.NoiseCount, fit.LogLikelihood, fit.Bic,
                fit.KCurve is null ? null : ClusteringJson.Serialize(spec.Selection).Trim('"'), fit.KCurve, loss);
            return new EnginePipelineResult(new TrainedModel(trained.Model, scaler), trained.History, encoded.Latent, encoded.ReconstructionErrors,
                assigned, centres, Sizes(assigned, fit.K), clusteringModel, scores, details);
        }
        catch
        {
            trained.Model.Dispose();
            throw;
        }
    }

    // Each checkpoint carries the scaler, so that the model it holds can encode raw rows while the job still runs.
    private static TrainingCheckpoints? WithScaler(TrainingCheckpoints? checkpoints, Scaler scaler) =>
        checkpoints is null ? null : checkpoints with { Save = checkpoint => checkpoints.Save(checkpoint with { Scaler = scaler }) };

    /// <summary>
    /// Scores on the rows that belong to a cluster (noise is not a cluster). Inertia is the algorithm's own where it
    /// minimises one (k-means in the latent space), else the within-cluster sum of squares around cluster means.
    /// </summary>
    public static ClusteringScores Score(Matrix latent, int[] predicted, double? inertia, IReadOnlyList<string?>? labels, int seed)
    {
        int[] kept = Enumerable.Range(0, predicted.Length).Where(i => predicted[i] >= 0).ToArray();
        Matrix rows = kept.Length == predicted.Length ? latent : Subset(latent, kept);
        int[] clustered = kept.Length == predicted.Length ? predicted : [.. kept.Select(i => predicted[i])];
        bool any = kept.Length > 0;
        int[]? truth = labels is null ? null : ClusteringPipeline.EncodeLabels(labels);
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

    public static Matrix ClusterMeans(Matrix latent, int[] labels, int k)
    {
        var sums = new double[k * latent.Cols];
        var counts = new int[k];
        for (int i = 0; i < latent.Rows; i++)
        {
            if (labels[i] < 0) continue;
            counts[labels[i]]++;
            var row = latent.Row(i);
            for (int d = 0; d < latent.Cols; d++) sums[labels[i] * latent.Cols + d] += row[d];
        }
        var means = Matrix.Zeros(k, latent.Cols);
        for (int c = 0; c < k; c++)
            for (int d = 0; d < latent.Cols; d++)
                means.Values[c * latent.Cols + d] = counts[c] == 0 ? 0f : (float)(sums[c * latent.Cols + d] / counts[c]);
        return means;
    }

    public static int[] Sizes(int[] labels, int k)
    {
        var sizes = new int[k];
        foreach (int label in labels)
            if (label >= 0) sizes[label]++;
        return sizes;
    }

    private static Matrix Subset(Matrix data, int[] rows)
    {
        var values = new float[rows.Length * data.Cols];
        for (int i = 0; i < rows.Length; i++) data.Row(rows[i]).CopyTo(values.AsSpan(i * data.Cols, data.Cols));
        return new Matrix(values, rows.Length, data.Cols);
    }
}
