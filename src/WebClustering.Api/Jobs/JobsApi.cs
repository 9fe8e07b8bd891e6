using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.OpenApi;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/jobs").WithTags("Jobs");

        group.MapPost("/", Create)
            .WithSummary("Queue a training and clustering job")
            .WithDescription("Trains an autoencoder on the dataset, encodes every row and clusters the latent vectors. Returns 202 with a Location header to poll. The model kind must fit the dataset: conv and vae (conv backbone) need images, sequence needs sequences, dense takes anything flattened. Pick an example per kind below.")
            .WithRequestExamples(JobExamples.All)
            .ProducesValidationProblem();
        group.MapGet("/", List)
            .WithSummary("List jobs, newest first")
            .WithDescription("Paged with offset and limit; `state` filters by queued, running, succeeded, failed or cancelled.")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", Get)
            .WithSummary("Get a job's state and progress")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Accepted<JobResponse>, ValidationProblem>> Create(
        CreateJobRequest request, DatasetStore datasets, JobStore jobs, IBackgroundJobClient backgroundJobs,
        CancellationToken cancellationToken)
    {
        var configuration = request.WithDefaults();
        var dataset = await datasets.GetAsync(request.DatasetId, cancellationToken);
        var errors = JobConfigurationValidator.Validate(configuration, dataset, request.DatasetId);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The job configuration is not valid.");

        var (outcome, job) = await jobs.CreateAsync(request.DatasetId, configuration.ToJson(), configuration.Training.Epochs, cancellationToken);
        if (outcome == CreateJobOutcome.DatasetNotFound) // deleted between the check and the insert
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["datasetId"] = [$"There is no dataset with id '{request.DatasetId}'."] });

        try
        {
            var backgroundId = backgroundJobs.Enqueue<TrainingJob>(TrainingJob.Queue, t => t.RunAsync(job!.Id, CancellationToken.None));
            await jobs.SetBackgroundJobIdAsync(job!.Id, backgroundId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            await jobs.FailAsync(job!.Id, $"The job could not be queued: {exception.Message}", CancellationToken.None);
            throw;
        }
        return TypedResults.Accepted($"/api/jobs/{job.Id}", job.ToResponse());
    }

    private static async Task<Results<Ok<JobListResponse>, ValidationProblem>> List(JobStore jobs, CancellationToken cancellationToken,
        string? state = null, int offset = 0, int limit = 50)
    {
        if (state is not null && !JobStates.All.Contains(state))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["state"] = [$"Unknown state '{state}'. Use one of: {string.Join(", ", JobStates.All)}."],
            });
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, 500);
        var (items, total) = await jobs.ListAsync(state, offset, limit, cancellationToken);
        return TypedResults.Ok(new JobListResponse([.. items.Select(j => j.ToResponse())], total, offset, limit));
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> Get(Guid id, JobStore jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(id, cancellationToken) is { } job ? TypedResults.Ok(job.ToResponse()) : JobProblems.NotFound(id);
}
