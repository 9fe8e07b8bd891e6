using Microsoft.Extensions.Options;
using WebClustering.Api.Datasets;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Api.Plots;
using WebClustering.Api.Progress;
using WebClustering.Api.Serving;
using WebClustering.Core.Datasets;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;
using WebClustering.Storage;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// One attempt at a job: start it (counting the attempt, taking the next fence and recording the worker), resume
/// from its checkpoint when it has one, train with checkpoints, and store the results, which also ends the
/// checkpoint. Every write (progress, events, checkpoints, history, results) is fenced, so a worker that lost the
/// job to another (it was thought dead) writes nothing. A shutdown hands the job back and gives its attempt back.
/// Transient faults are left to the caller, which tries again. An encoding job's attempt runs the same way, with
/// <see cref="EncodingRun"/> as its work (no checkpoint: an interrupted one encodes afresh).
/// </summary>
public sealed class JobAttempt(JobStore jobs, DatasetStore datasets, ResultStore results, EpochHistoryStore history,
    CheckpointStore checkpoints, JobEvents events, IOptions<JobRunSettings> options, ILogger<JobAttempt> logger, FineTuningStart fineTuning,
    EncodingRun encoding, ApproximateIndexBuilder approximateIndexes)
{
    /// <summary>The fence of the latest attempt this instance (one Hangfire execution) started; null before it started one.</summary>
    public int? Started { get; private set; }

    /// <param name="interrupted">Hangfire's token: the process is stopping, or the job was deleted or taken over elsewhere.</param>
    /// <param name="cancellationToken"><paramref name="interrupted"/>, or a cancel through the API in this process.</param>
    public async Task RunAsync(Guid jobId, CancellationToken interrupted, CancellationToken cancellationToken)
    {
        // A retry of this execution starts only if nobody else has started an attempt since its last one.
        var job = await jobs.StartAsync(jobId, cancellationToken, WorkerIdentity.Name, options.Value.MaxAttempts, Started);
        if (job is null)
        {
            await NotStartedAsync(jobId, interrupted);
            return;
        }
        Started = job.Fence;
        await events.StateAsync(job);
        if (job.ResumedFromEpoch is { } epoch)
            logger.LogInformation("Job {JobId} attempt {Attempt} resumes from its checkpoint at epoch {Epoch}", jobId, job.Fence, epoch);
        try
        {
            if (job.IsEncoding)
            {
                await encoding.RunAsync(job, cancellationToken);
                await events.StateAsync(await jobs.GetAsync(job.Id, CancellationToken.None));
            }
            else await TrainAndStoreAsync(job, interrupted, cancellationToken);
        }
        catch (OperationCanceledException) when (!interrupted.IsCancellationRequested && cancellationToken.IsCancellationRequested)
        {
            // Cancelled through the API: the job is already marked cancelled and nothing of it was written.
            logger.LogInformation("Job {JobId} cancelled", jobId);
            await events.StateAsync(await jobs.GetAsync(jobId, CancellationToken.None));
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            // A shutdown: training saved a checkpoint of the batch it reached, and the attempt is given back (a
            // restart is no failure). When the job was cancelled or taken over elsewhere instead, it is no longer
            // running under this attempt's fence and the requeue changes nothing.
            logger.LogWarning("Job {JobId} interrupted; handing it back to the queue", jobId);
            await events.StateAsync(await jobs.RequeueAsync(jobId, job.Fence, CancellationToken.None));
            throw;
        }
        catch (JobTakenOverException exception)
        {
            await StandDownAsync(exception, interrupted);
        }
        catch (Exception exception) when (!TransientFaults.IsTransient(exception))
        {
            logger.LogError(exception, "Job {JobId} failed", jobId);
            await events.StateAsync(await jobs.FailAsync(jobId, Describe(exception), CancellationToken.None, job.Fence));
            throw;
        }
    }

    private async Task TrainAndStoreAsync(JobRecord job, CancellationToken interrupted, CancellationToken cancellationToken)
    {
        var dataset = await datasets.GetAsync(job.DatasetId, cancellationToken)
            ?? throw new InvalidOperationException("The job's dataset no longer exists.");
        var plan = JobPlan.Load(job.ConfigJson, dataset);
        var stages = new StageLog(logger, job.Id);
        var stored = await JobRows.ReadAsync(datasets, dataset, options.Value, cancellationToken);
        var parent = await fineTuning.LoadAsync(plan, cancellationToken);
        using var parentModule = parent?.Autoencoder;
        var (rows, table) = stored.FillGaps(plan, parent, dataset);
        if (rows.Streamed)
            logger.LogInformation("Job {JobId} streams its {Rows} rows from the database", job.Id, dataset.RowCount);
        stages.Done("reading");
        var resumeFrom = job.ResumedFromEpoch is null ? null : await checkpoints.GetAsync(job.Id, cancellationToken);
        var sink = new JobCheckpoints(checkpoints, job, logger);
        var pipelineOptions = plan.Pipeline with { StartFrom = parent };

        async Task<PipelineResult> Train(CheckpointRecord? from)
        {
            var policy = sink.Policy(options.Value, plan.Configuration.Training, from, interrupted);
            await using var reporter = new ProgressReporter(jobs, job.Id, job.Fence, options.Value.ProgressInterval, events.Store, job.StartedAt, logger);
            // A refused progress write means another attempt holds the job: stop training at the next batch.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, reporter.Superseded);
            try
            {
                // Training is long and CPU-bound: give it a thread of its own rather than one from the pool.
                return await Task.Factory.StartNew(
                    () => JobPipeline.Run(rows.Features, rows.Labels, pipelineOptions, reporter.Report, stopping.Token, policy, stages.Done),
                    stopping.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (reporter.Superseded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new JobTakenOverException($"Job {job.Id} is no longer running under attempt {job.Fence}; its training stopped.");
            }
        }

        PipelineResult result;
        try
        {
            result = await Train(resumeFrom);
        }
        catch (IncompatibleCheckpointException exception) when (resumeFrom is not null)
        {
            // Saved by another version of the service, say: start afresh rather than fail the job.
            logger.LogWarning(exception, "Job {JobId} cannot resume from its checkpoint; training starts afresh", job.Id);
            await jobs.ForgetResumeAsync(job.Id, job.Fence, CancellationToken.None);
            result = await Train(null);
        }

        // A streamed job's latent vectors are in a temporary file until they are stored.
        using var latentFile = result;
        result = result with { Model = result.Model with { Table = table } };
        // Before the results, so that a succeeded job always has its loss curve (rewritten whole by a later attempt).
        var discarded = $"Job {job.Id} was no longer running under attempt {job.Fence} when it finished; its results were discarded.";
        if (!await history.WriteAsync(job.Id, job.Fence, result.History.ToStoredEpochs(), CancellationToken.None))
            throw new JobTakenOverException(discarded);
        // Pictures of items need the rows at hand: a streamed set gets the other plots.
        var plots = DrawPlots(result, rows.Labels, rows.Features.InMemory);
        stages.Done("plots");
        // Large sets: the HNSW indexes of similar items, built once here and stored (fenced) before the job succeeds.
        if (!await approximateIndexes.BuildAsync(job.Id, job.Fence, result.Latent, cancellationToken))
            throw new JobTakenOverException(discarded);
        stages.Done("index");
        if (!await results.CompleteAsync(job.Id, result.ToJobResults(rows.ItemIds), CancellationToken.None, plots, job.Fence))
            throw new JobTakenOverException(discarded);
        stages.Done("storing");
        logger.LogInformation("Job {JobId} succeeded", job.Id);
        await events.StateAsync(await jobs.GetAsync(job.Id, CancellationToken.None));
    }

    // The job is finished or gone, another worker took it over, or it has had every attempt allowed: then it fails.
    private async Task NotStartedAsync(Guid jobId, CancellationToken interrupted)
    {
        var job = await jobs.GetAsync(jobId, CancellationToken.None);
        if (job is not { State: JobStates.Queued or JobStates.Running })
        {
            logger.LogInformation("Job {JobId} is finished or gone; nothing to run", jobId);
            return;
        }
        if (Started is { } held && job.Fence != held)
        {
            await StandDownAsync(new JobTakenOverException($"Job {jobId} is attempt {job.Fence} now, not this worker's {held}."), interrupted);
            return;
        }
        var last = job.Error ?? "its worker stopped without finishing it (killed, or cut off from the database)";
        logger.LogError("Job {JobId} has had {Attempts} attempts; it fails", jobId, job.Attempts);
        await events.StateAsync(await jobs.FailAsync(jobId, $"Gave up after {job.Attempts} attempts; the last one ended with: {last}",
            CancellationToken.None, job.Fence));
    }

    // Hangfire notices within its cancellation check interval that this execution no longer holds the job and aborts
    // it; ending through that abort leaves the Hangfire job's state to the execution that does hold it.
    private async Task StandDownAsync(JobTakenOverException exception, CancellationToken interrupted)
    {
        logger.LogWarning("{Reason} This attempt stops and writes nothing more", exception.Message);
        await Task.Delay(TimeSpan.FromSeconds(30), interrupted);
    }

    // Plots are a view of the results, not results: a drawing failure is logged and the job still succeeds.
    private IReadOnlyList<JobPlot> DrawPlots(PipelineResult result, IReadOnlyList<string?>? labels, Core.Matrix? features)
    {
        try
        {
            return JobPlotSet.Draw(PlotInput.From(result), labels, features);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Drawing the plots failed; the job is stored without them");
            return [];
        }
    }

    public static string Describe(Exception exception) => exception switch
    {
        ArgumentException or InvalidOperationException or InvalidDataException or TrainingDivergedException or DatasetFormatException => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
