namespace WebClustering.Core.Training;

public enum OptimizerKind { Adam, Sgd }

public sealed record TrainingOptions(
    int Epochs = 50,
    int BatchSize = 256,
    double LearningRate = 1e-3,
    OptimizerKind Optimizer = OptimizerKind.Adam,
    int Seed = 0);

/// <summary>Reported after every batch; callers throttle what they do with it.</summary>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Batch, int BatchesPerEpoch, double BatchLoss, double? EpochLoss)
{
    /// <summary>Fraction of all batches done, from 0 to 1.</summary>
    public double Fraction => ((Epoch - 1) * (double)BatchesPerEpoch + Batch) / (Epochs * (double)BatchesPerEpoch);
}
