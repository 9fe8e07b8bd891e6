using Hangfire;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting;
using WebClustering.Api.Plots;
using WebClustering.Api.Progress;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Training;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// The Hangfire job: trains, encodes, clusters and stores the results of one job. Hangfire only carries the id;
/// the job's state lives in the jobs table, so a redelivered job that already finished does nothing.
/// </summary>
public sealed class TrainingJob(JobStore jobs, DatasetStore datasets, ResultStore results, EpochHistoryStore history,
    JobEvents events, RunningJobs running,
    IOptions<WebClusteringOptions> options, ILogger<TrainingJob> logger)
{
    public const string Queue = "training";

    // A failure is recorded in the job with its reason; retrying a bad configuration would only fail again.
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Train and cluster job {0}")]
    public async Task RunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await jobs.StartAsync(jobId, cancellationToken);
        if (job is null)
        {
            logger.LogInformation("Job {JobId} is finished or gone; nothing to run", jobId);
            return;
        }
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId });
        await events.StateAsync(job);
        var cancellation = running.Register(jobId, cancellationToken);
        try
        {
            await TrainAndStore(job, cancellation.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && cancellation.IsCancellationRequested)
        {
            // Cancelled through the API: the job is already marked cancelled and nothing of it was written.
            logger.LogInformation("Job {JobId} cancelled", jobId);
            await events.StateAsync(await jobs.GetAsync(jobId, CancellationToken.None));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Job {JobId} interrupted by shutdown; handing it back to the queue", jobId);
            await events.StateAsync(await jobs.RequeueAsync(jobId, CancellationToken.None));
            throw;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Job {JobId} failed", jobId);
            await events.StateAsync(await jobs.FailAsync(jobId, Describe(exception), CancellationToken.None));
            throw;
        }
        finally
        {
            running.Unregister(jobId, cancellation);
            cancellation.Dispose();
        }
    }

    private async Task TrainAndStore(JobRecord job, CancellationToken cancellationToken)
    {
        var configuration = Mapping.ParseConfiguration(job.ConfigJson);
        var dataset = await datasets.GetAsync(job.DatasetId, cancellationToken)
            ?? throw new InvalidOperationException("The job's dataset no longer exists.");
        var rows = await datasets.ReadRowsAsync(dataset, cancellationToken);

        EnginePipelineResult result;
        await using (var reporter = new ProgressReporter(jobs, job.Id, options.Value.ProgressInterval, events.Store, job.StartedAt, logger))
        {
            // Training is long and CPU-bound: give it a thread of its own rather than one from the pool.
            result = await Task.Factory.StartNew(
                () => EnginePipeline.Run(rows.Features, rows.Labels, configuration.ToPipelineOptions(dataset),
                    configuration.Clustering.ToSpec(), reporter.Report, cancellationToken),
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        // Before the results, so that a succeeded job always has its loss curve.
        await history.WriteAsync(job.Id, result.History.ToEpochRecords(), CancellationToken.None);
        var plots = DrawPlots(result, rows.Labels, rows.Features);
        if (await results.CompleteAsync(job.Id, result.ToJobResults(rows.ItemIds), CancellationToken.None, plots))
        {
            logger.LogInformation("Job {JobId} succeeded", job.Id);
            await events.StateAsync(await jobs.GetAsync(job.Id, CancellationToken.None));
        }
        else
            logger.LogWarning("Job {JobId} was no longer running when it finished; its results were discarded", job.Id);
    }

    // Plots are a view of the results, not results: a drawing failure is logged and the job still succeeds.
    private IReadOnlyList<JobPlot> DrawPlots(EnginePipelineResult result, IReadOnlyList<string?>? labels, Core.Matrix features)
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

    private static string Describe(Exception exception) => exception switch
    {
        ArgumentException or InvalidOperationException or InvalidDataException or TrainingDivergedException => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
