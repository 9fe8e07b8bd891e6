using WebClustering.Core.Models;

namespace WebClustering.Core.Training;

/// <param name="Epoch">1-based.</param>
/// <param name="TrainingLoss">Mean of the batch losses over the epoch (on the corrupted inputs when denoising; a VAE's with sampled z).</param>
/// <param name="ValidationLoss">The loss on the held-out rows after the epoch, clean inputs, evaluation mode (a VAE decodes mu); null without validation.</param>
/// <param name="LearningRate">The rate used throughout the epoch.</param>
public sealed record EpochRecord(int Epoch, double TrainingLoss, double? ValidationLoss, double LearningRate);

/// <param name="Model">The trained model, in evaluation mode.</param>
/// <param name="History">One record per epoch run (fewer than asked for when early stopping ended the run).</param>
/// <param name="BestEpoch">The epoch whose weights <paramref name="Model"/> holds: the best one when they were restored, else the last.</param>
public sealed record TrainingResult(Autoencoder Model, IReadOnlyList<EpochRecord> History, int BestEpoch)
{
    public IReadOnlyList<double> EpochLosses => [.. History.Select(epoch => epoch.TrainingLoss)];

    public IReadOnlyList<double?> ValidationLosses => [.. History.Select(epoch => epoch.ValidationLoss)];
}

/// <summary>The loss stopped being a finite number; nothing useful can come of further epochs.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
