namespace WebClustering.Core.Training;

/// <summary>
/// A training run's state at a batch boundary: weights, optimiser state, the loss history, early stopping's best
/// epoch and weights, and the random generators' states. <see cref="State"/> is opaque outside the trainer; only
/// the same spec and options can resume from it.
/// </summary>
/// <param name="Epoch">Epochs completed when it was taken (a checkpoint taken mid-epoch also holds the batches done since).</param>
/// <param name="State">The serialised state.</param>
/// <param name="Scaler">
/// The scaling the trained rows went through, when the caller scaled them (the pipelines do): with it and the
/// weights (<see cref="CheckpointWeights"/>) a running job's model can encode rows before training ends.
/// </param>
public sealed record TrainingCheckpoint(int Epoch, byte[] State, Preprocessing.Scaler? Scaler = null);

/// <summary>
/// When a training run saves checkpoints, where they go, and the checkpoint it resumes from. Checkpoints are
/// taken at the end of an epoch once <see cref="EveryEpochs"/> epochs or <see cref="Interval"/> have passed since
/// the last one (the interval is also checked after every batch, for epochs that take longer than it), once
/// more when training ends (so that clustering can restart without training again), and when cancellation stops
/// the run and <see cref="SaveWhenCancelled"/> says so.
/// </summary>
public sealed record TrainingCheckpoints
{
    /// <summary>Epochs between two checkpoints; 0 takes none by count.</summary>
    public int EveryEpochs { get; init; } = 5;

    /// <summary>Time between two checkpoints; <see cref="TimeSpan.Zero"/> or less takes none by time.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Stores a checkpoint; called on the training thread, which waits for it. Whatever it throws stops the run, so
    /// a store that may fail for a while (a lost database connection) should report that and return.
    /// </summary>
    public required Action<TrainingCheckpoint> Save { get; init; }

    /// <summary>Asked when cancellation stops the run: true saves a checkpoint of the batch reached (a shutdown), false does not (a cancelled job).</summary>
    public Func<bool>? SaveWhenCancelled { get; init; }

    /// <summary>A checkpoint of an earlier run of the same spec, options and data to continue from; null starts afresh.</summary>
    public TrainingCheckpoint? ResumeFrom { get; init; }

    internal bool CountsEpochs => EveryEpochs > 0;

    internal bool CountsTime => Interval > TimeSpan.Zero;
}

/// <summary>A checkpoint that cannot be resumed from: another format, or another model or optimiser than the run's.</summary>
public sealed class IncompatibleCheckpointException(string message, Exception? inner = null) : Exception(message, inner);
