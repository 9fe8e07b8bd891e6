using System.Security.Claims;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Api.OpenApi;
using WebClustering.Api.Operations;
using WebClustering.Api.Tenants;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tenants;
using WebClustering.Api.Problems;

namespace WebClustering.Api.Jobs;

public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/jobs").WithTags("Jobs");

        group.MapPost("/", Create)
            .WithSummary("Queue a training and clustering job")
            .WithDescription("Trains an autoencoder on the dataset, encodes every row and clusters the latent vectors. Returns 202 with a Location header to poll. The model kind must fit the dataset: conv and vae (conv backbone) need images, sequence needs sequences, dense takes anything flattened. The model is registered under `modelName` (default: the dataset's name) as its next version. `training.initFrom` fine-tunes a registered model: the dataset must have its feature layout (else 400 naming the first differing column), the model fields default to the parent's and must equal them, and its fitted preprocessing is reused. Pick an example per kind below.")
            .WithRequestExamples(JobExamples.All)
            .WithIdempotency()
            .ProducesValidationProblem();
        group.MapGet("/", List)
            .WithSummary("List jobs, newest first")
            .WithDescription(PageParameters.Description + " `state` filters by queued, running, succeeded, failed or cancelled.")
            .ProducesValidationProblem();
        group.MapPost("/{id:guid}/cancel", Cancel)
            .WithSummary("Cancel a queued or running job")
            .WithDescription("A queued job never starts; a running one stops before its next training batch (within seconds when it runs in another process). It ends `cancelled` with no results. 409 when the job has already ended.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:guid}", Get)
            .WithSummary("Get a job's state and progress")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Accepted<JobResponse>, ValidationProblem>> Create(
        CreateJobRequest request, DatasetStore datasets, JobStore jobs, JobPlanner planner, IBackgroundJobClient backgroundJobs,
        ClaimsPrincipal user, TenantOwnership ownership, ModelStore models, IOptions<JobRunSettings> runSettings, CancellationToken cancellationToken)
    {
        var tenant = user.TenantId();
        // Another tenant's dataset is "no dataset": not even its shape may show through the validation messages.
        var dataset = await ownership.OwnsAsync(tenant, OwnedResource.Dataset, request.DatasetId, cancellationToken)
            ? await datasets.GetAsync(request.DatasetId, cancellationToken)
            : null;
        var parent = await ParentModel.FindAsync(request, tenant, models, datasets, ownership, cancellationToken);
        var plan = await planner.PlanAsync(request, dataset, cancellationToken, parent);
        var errors = JobConfigurationValidator.Validate(plan, dataset, request.DatasetId);
        // dec and idec refine the encoder over every row at once: a dataset too large to hold is streamed instead.
        if (dataset is not null && JobRows.Streams(dataset, runSettings.Value) && plan.Configuration.Clustering.EffectiveAlgorithm() is "dec" or "idec")
            errors.TryAdd("clustering.algorithm", [$"{plan.Configuration.Clustering.EffectiveAlgorithm()} refines the encoder over every row held in memory, " +
                $"but this dataset's {dataset.RowCount:N0} rows pass WebClustering:StreamAboveMegabytes ({runSettings.Value.StreamAboveMegabytes} MB) " +
                "and are streamed. Use kmeans or minibatch_kmeans."]);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The job configuration is not valid.");

        var (outcome, job) = await jobs.CreateAsync(tenant, request.DatasetId, plan.ToJson(), plan.Training.Epochs, cancellationToken);
        if (outcome == CreateJobOutcome.DatasetNotFound) // deleted between the check and the insert
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["datasetId"] = [$"There is no dataset with id '{request.DatasetId}'."] });

        await EnqueueAsync(job!, jobs, backgroundJobs);
        return TypedResults.Accepted($"/api/jobs/{job!.Id}", job.ToResponse());
    }

    /// <summary>Hands a created job (of either kind: <see cref="TrainingJob"/> runs both) to Hangfire.</summary>
    internal static async Task EnqueueAsync(JobRecord job, JobStore jobs, IBackgroundJobClient backgroundJobs)
    {
        try
        {
            var backgroundId = backgroundJobs.Enqueue<TrainingJob>(TrainingJob.Queue, t => t.RunAsync(job.Id, CancellationToken.None));
            await jobs.SetBackgroundJobIdAsync(job.Id, backgroundId, CancellationToken.None);
        }
        catch
        {
            // The client gets the error (a 503 when the database is restarting) and no id: leave no job behind. When
            // even the delete fails, the watchdog deletes the job later (JobWatchdog).
            try { await jobs.DeleteNeverQueuedAsync(job.Id, TimeSpan.Zero, CancellationToken.None); } catch { }
            throw;
        }
    }

    private static async Task<Results<Ok<JobListResponse>, ValidationProblem>> List(JobStore jobs, ClaimsPrincipal user, CancellationToken cancellationToken,
        string? state = null, int offset = 0, int limit = 50)
    {
        if (state is not null && !JobStates.All.Contains(state))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["state"] = [$"Unknown state '{state}'. Use one of: {string.Join(", ", JobStates.All)}."],
            });
        if (PageParameters.Check(offset, limit) is { } outOfRange) return outOfRange;
        var (items, total) = await jobs.ListAsync(user.TenantId(), state, offset, limit, cancellationToken);
        return TypedResults.Ok(new JobListResponse([.. items.Select(j => j.ToResponse())], total, offset, limit));
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> Cancel(Guid id, JobStore jobs, JobCancellation cancellation,
        CancellationToken cancellationToken)
    {
        var cancelled = await cancellation.CancelAsync(id, cancellationToken);
        if (cancelled is null)
            return await jobs.GetAsync(id, cancellationToken) is { } ended
                ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The job has already ended.",
                    detail: $"Job '{id}' is {ended.State}; only queued or running jobs can be cancelled.")
                : JobProblems.NotFound(id);
        return TypedResults.Ok(cancelled.ToResponse());
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> Get(Guid id, JobStore jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(id, cancellationToken) is { } job ? TypedResults.Ok(job.ToResponse()) : JobProblems.NotFound(id);
}
