using WebClustering.Core.Models;
using WebClustering.Core.Rows;

namespace WebClustering.Core.Training;

/// <summary>
/// Trains any kind of autoencoder on flattened rows: minibatches shuffled by the seed, the options' optimiser,
/// schedule, clipping, denoising noise and early stopping. Initial weights, batch order, validation rows and every
/// random draw come from the seed, never from libtorch's global generator, so a run resumed from a checkpoint
/// continues exactly as the uninterrupted run would have.
/// </summary>
public static class AutoencoderTrainer
{
    /// <param name="data">One flattened item per row; its columns must match the spec's item shape.</param>
    /// <param name="spec">The architecture; validated first.</param>
    /// <param name="options">How to train; validated first.</param>
    /// <param name="onProgress">Called after every batch, on the calling thread.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <param name="checkpoints">When to save checkpoints and where, and the one to resume from; null saves none.</param>
    /// <param name="startFrom">
    /// Fine-tuning: a trained model of the same spec whose weights (and buffers) training starts from instead of the
    /// seed's initialisation; it is only read. A checkpoint to resume from still wins: it holds later weights.
    /// </param>
    /// <exception cref="ArgumentException">A problem with the spec, the options or the data, with its reason.</exception>
    /// <exception cref="TrainingDivergedException">The loss stopped being finite.</exception>
    /// <exception cref="IncompatibleCheckpointException">The checkpoint to resume from is not one of this spec and options.</exception>
    public static TrainingResult Train(Matrix data, AutoencoderSpec spec, TrainingOptions options,
        Action<TrainingProgress>? onProgress = null, CancellationToken cancellationToken = default, TrainingCheckpoints? checkpoints = null,
        Autoencoder? startFrom = null) =>
        Train(new MatrixRows(data), spec, options, onProgress, cancellationToken, checkpoints, startFrom);

    /// <summary>Trains on rows in memory or streamed: the same seed draws the same batches from either (<see cref="ShuffledBatches"/>).</summary>
    public static TrainingResult Train(RowSource data, AutoencoderSpec spec, TrainingOptions options,
        Action<TrainingProgress>? onProgress = null, CancellationToken cancellationToken = default, TrainingCheckpoints? checkpoints = null,
        Autoencoder? startFrom = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (data.Rows == 0) throw new ArgumentException("Cannot train on an empty dataset.");
        spec.Validate();
        options.Validate();
        if (data.Cols != spec.InputSize)
            throw new ArgumentException($"The {spec.Kind} model takes items of shape [{string.Join(", ", spec.ItemShape)}] " +
                $"({spec.InputSize} values a row), but the data has {data.Cols} columns.");
        if (options.Loss == ReconstructionLoss.Bce && spec.Output != OutputActivation.Sigmoid)
            throw new ArgumentException(Losses.BceNeedsSigmoid);
        Losses.CheckTargets(data, options.Loss);
        var split = DataSplit.Create(data.Rows, options.ValidationFraction, options.Seed);

        var model = AutoencoderFactory.Create(spec, options.Seed);
        try
        {
            if (startFrom is not null) StartingWeights.Copy(startFrom, model);
            using var run = new TrainingRun(model, data, split, options, onProgress, cancellationToken, checkpoints);
            var (history, bestEpoch) = run.Run();
            return new TrainingResult(model, history, bestEpoch);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
