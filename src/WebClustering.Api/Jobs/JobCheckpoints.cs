using System.Text.Json;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Core.Training;
using WebClustering.Storage;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>Another attempt holds the job now, or it ended elsewhere: this attempt must write nothing more.</summary>
public sealed class JobTakenOverException(string message) : Exception(message);

/// <summary>
/// The checkpoints of one attempt of a job: when to take them (the service's options, the job's own
/// checkpointEvery) and the sink that writes them to PostgreSQL from the training thread. A checkpoint is an
/// optimisation, so a failed write is logged and training goes on; a write refused because the attempt no longer
/// holds the job stops the attempt.
/// </summary>
public sealed class JobCheckpoints(CheckpointStore store, JobRecord job, ILogger logger)
{
    /// <summary>The epoch of the last checkpoint written by this attempt (for logs and tests); null before any.</summary>
    public int? LastSavedEpoch { get; private set; }

    /// <param name="resumeFrom">The stored checkpoint to continue from, or null.</param>
    /// <param name="interrupted">The Hangfire token: once it fires (a shutdown), the batch reached is saved before training stops.</param>
    public TrainingCheckpoints Policy(JobRunSettings options, TrainingConfig training, CheckpointRecord? resumeFrom,
        CancellationToken interrupted) => new()
    {
        EveryEpochs = training.CheckpointEvery ?? options.CheckpointEvery,
        Interval = options.CheckpointInterval,
        Save = Save,
        SaveWhenCancelled = () => interrupted.IsCancellationRequested,
        ResumeFrom = resumeFrom is null ? null : new TrainingCheckpoint(resumeFrom.Epoch, resumeFrom.State),
    };

    // On the training thread, which waits: the checkpoint is safely stored (or known lost) before training goes on.
    private void Save(TrainingCheckpoint checkpoint)
    {
        bool saved;
        try
        {
            saved = store.SaveAsync(job.Id, job.Fence, checkpoint.Epoch, checkpoint.State, CancellationToken.None,
                checkpoint.Scaler is null ? null : JsonSerializer.Serialize(checkpoint.Scaler)).GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            // Unreachable database, a state too large for a bytea: the job can still finish, it would only resume from further back.
            if (TransientFaults.IsTransient(exception))
                logger.LogWarning("Job {JobId} could not save its checkpoint at epoch {Epoch} ({Reason}); training goes on",
                    job.Id, checkpoint.Epoch, exception.Message);
            else
                logger.LogError(exception, "Job {JobId} could not save its checkpoint at epoch {Epoch}; training goes on", job.Id, checkpoint.Epoch);
            return;
        }
        if (!saved)
            throw new JobTakenOverException($"Job {job.Id} is no longer running under attempt {job.Fence}.");
        LastSavedEpoch = checkpoint.Epoch;
        logger.LogInformation("Job {JobId} saved a checkpoint at epoch {Epoch} ({Bytes} bytes)", job.Id, checkpoint.Epoch, checkpoint.State.Length);
    }
}
