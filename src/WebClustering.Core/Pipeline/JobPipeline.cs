using WebClustering.Core.Clustering;
using WebClustering.Core.Inference;
using WebClustering.Core.Metrics;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Rows;
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

/// <param name="Latent">One vector per row: in memory, or for a streamed job in a temporary file (<see cref="SpilledRows"/>, released by <see cref="PipelineResult.Dispose"/>).</param>
/// <param name="Centroids">K x latent dims: the algorithm's centres where it has them in the latent space, else each cluster's mean (noise excluded).</param>
/// <param name="ClusterSizes">Rows per cluster 0..K-1; noise (-1) is in no cluster.</param>
/// <param name="Baseline">Plain k-means and PCA + k-means on the preprocessed rows, with the same k; null below two clusters.</param>
public sealed record PipelineResult(
    TrainedModel Model,
    IReadOnlyList<EpochRecord> History,
    RowSource Latent,
    float[] ReconstructionErrors,
    int[] Labels,
    Matrix Centroids,
    int[] ClusterSizes,
    ClusteringModel ClusteringModel,
    ClusteringScores Scores,
    ClusteringDetails Details,
    BaselineScores? Baseline = null) : IDisposable
{
    public IReadOnlyList<double> EpochLosses => [.. History.Select(epoch => epoch.TrainingLoss)];

    /// <summary>Releases the latent vectors' file when they were spilled to one; the model stays the caller's.</summary>
    public void Dispose() => (Latent as IDisposable)?.Dispose();
}

/// <summary>
/// The whole unsupervised path of one job: scale the features, train the autoencoder, encode every row, cluster the
/// latent vectors with <see cref="ClusteringEngine"/> and score the clustering. Labels, when given, are used for
/// scoring only. For dec and idec the k-means start is refined together with the encoder, which is then the model
/// that is saved (new rows must go through the refined encoder to meet the refined centres).
/// </summary>
public static class JobPipeline
{
    /// <summary>Share of the reported progress that training takes; encoding and clustering take the rest.</summary>
    public const double TrainingShare = 0.9;

    /// <param name="features">One flattened item per row (e.g. C·H·W pixels or T·F values), as the model's spec shapes them.</param>
    /// <param name="onStage">Called with each stage's name as it ends (training, encoding, clustering, baseline): the job logs their times.</param>
    /// <param name="checkpoints">
    /// Checkpoints of the autoencoder's training (see <see cref="TrainingCheckpoints"/>). The last one is taken when
    /// training ends, so a resumed job whose training had ended goes straight to clustering; dec, idec and manifold
    /// clustering keep no checkpoints of their own and start again from the trained autoencoder.
    /// </param>
    public static PipelineResult Run(Matrix features, IReadOnlyList<string?>? labels, PipelineOptions options,
        Action<double, TrainingProgress>? onProgress = null, CancellationToken cancellationToken = default,
        TrainingCheckpoints? checkpoints = null) =>
        Run(new MatrixRows(features), labels, options, onProgress, cancellationToken, checkpoints);

    /// <summary>
    /// The same over rows in memory or streamed (<see cref="RowSource"/>). Streamed rows are never all in memory: the
    /// scaler is fitted in one pass, training draws its batches through a shuffle buffer, encoding reads a batch at a
    /// time into a file of latent vectors (<see cref="SpilledRows"/>) that clustering and scoring read as they go, and
    /// the baseline reads its sample: per row, only the reconstruction error and the cluster are held.
    /// </summary>
    public static PipelineResult Run(RowSource features, IReadOnlyList<string?>? labels, PipelineOptions options,
        Action<double, TrainingProgress>? onProgress = null, CancellationToken cancellationToken = default,
        TrainingCheckpoints? checkpoints = null, Action<string>? onStage = null)
    {
        var model = options.Model;
        var spec = options.Clustering;
        if (features.Cols != model.InputSize)
            throw new ArgumentException($"The {model.Kind} model takes items of shape [{string.Join(", ", model.ItemShape)}] " +
                $"({model.InputSize} values a row), but the dataset has {features.Cols} feature columns.");
        bool deep = spec.Algorithm is ClusteringAlgorithm.Dec or ClusteringAlgorithm.Idec;
        double pretrainShare = TrainingShare * (deep ? 0.6 : 1.0);
        // Scaling is per column, i.e. per pixel or per (step, feature), fitted on every row. A fine-tuned model keeps
        // its parent's scaler: the weights were learnt on inputs scaled that way, and the latents of parent and child
        // stay comparable (a row encodes to nearby points in both) instead of shifting with the new data's statistics.
        var scaler = options.StartFrom?.Scaler ?? Scaler.Fit(features, options.Scaling);
        RowSource scaled = features.InMemory is { } held ? new MatrixRows(scaler.Apply(held)) : new PreparedRows(features, scaler: scaler);
        TrainingProgress last = default;
        var trained = AutoencoderTrainer.Train(scaled, model, options.Training,
            progress => onProgress?.Invoke(progress.Fraction * pretrainShare, last = progress), cancellationToken, WithScaler(checkpoints, scaler),
            options.StartFrom?.Autoencoder);
        onStage?.Invoke("training");
        try
        {
            var (latent, errors) = Encode(trained.Model, scaled);
            try
            {
                onStage?.Invoke("encoding");
                cancellationToken.ThrowIfCancellationRequested();
                int seed = options.Training.Seed;
                ClusteringResult fit = ClusteringEngine.Fit(latent, spec, seed, cancellationToken);
                int[] assigned = fit.Labels;
                Matrix? centres = spec.Standardize || spec.Distance != DistanceMetric.Euclidean ? null : fit.Centroids;
                ClusteringModel clusteringModel = fit.Model;
                IReadOnlyList<double>? loss = null;
                if (deep)
                {
                    var inMemory = scaled.InMemory ?? throw new ArgumentException(
                        $"{spec.Algorithm} refines the encoder over every row at once, which needs the rows in memory; this dataset is streamed. Use kmeans or minibatchkmeans.");
                    var refined = DeepClustering.DeepClustering.Refine(trained.Model, inMemory, fit.Centroids!, spec.Dec,
                        spec.Algorithm == ClusteringAlgorithm.Idec, seed,
                        f => onProgress?.Invoke(pretrainShare + f * (TrainingShare - pretrainShare), last), cancellationToken);
                    var encoded = ModelInference.EncodeScaled(trained.Model, inMemory);
                    (latent, errors) = (new MatrixRows(encoded.Latent), encoded.ReconstructionErrors);
                    centres = refined.Centres;
                    assigned = refined.Labels;
                    loss = refined.LossHistory;
                    clusteringModel = clusteringModel with { Centroids = refined.Centres.Values };
                }
                // Gaussian mixture means are centres too, but only when no preprocessing moved them out of the latent space.
                centres ??= ClusterMeans(latent, assigned, fit.K);
                var scores = ClusteringScores.Of(latent, assigned,
                    fit.Inertia is { } inertia && !deep && ReferenceEquals(centres, fit.Centroids) ? inertia : null, labels, seed);
                onStage?.Invoke("clustering");
                var details = new ClusteringDetails(ClusteringJson.Serialize(spec.Algorithm).Trim('"'), fit.K, fit.NoiseCount, fit.LogLikelihood, fit.Bic,
                    fit.KCurve is null ? null : ClusteringJson.Serialize(spec.Selection).Trim('"'), fit.KCurve, loss);
                var baseline = Baseline.Run(scaled, labels, fit.K, model.EmbeddingDim, seed, cancellationToken);
                onStage?.Invoke("baseline");
                return new PipelineResult(new TrainedModel(trained.Model, scaler), trained.History, latent, errors,
                    assigned, centres, Sizes(assigned, fit.K), clusteringModel, scores, details, baseline);
            }
            catch
            {
                (latent as IDisposable)?.Dispose();
                throw;
            }
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
    /// Rows in memory are encoded into memory; streamed rows into a temporary file, so that a job over millions of
    /// rows holds 4 bytes a row (the error) rather than its latent vectors.
    /// </summary>
    private static (RowSource Latent, float[] Errors) Encode(Autoencoder model, RowSource scaled)
    {
        if (scaled.InMemory is not null)
        {
            var encoded = ModelInference.EncodeScaled(model, scaled);
            return (new MatrixRows(encoded.Latent), encoded.ReconstructionErrors);
        }
        var spilled = new SpilledRows(model.Spec.EmbeddingDim);
        try
        {
            return (spilled, ModelInference.EncodeScaled(model, scaled, spilled));
        }
        catch
        {
            spilled.Dispose();
            throw;
        }
    }

    public static Matrix ClusterMeans(RowSource latent, int[] labels, int k)
    {
        var sums = new double[k * latent.Cols];
        var counts = new int[k];
        int dims = latent.Cols;
        latent.ForEachRange(RowSource.PassRows, (values, first, rows) =>
        {
            for (int r = 0; r < rows; r++)
            {
                int label = labels[first + r];
                if (label < 0) continue;
                counts[label]++;
                var row = values.Span.Slice(r * dims, dims);
                for (int d = 0; d < dims; d++) sums[label * dims + d] += row[d];
            }
        });
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
}
