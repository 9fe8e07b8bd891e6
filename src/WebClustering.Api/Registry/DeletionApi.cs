using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Jobs;
using WebClustering.Api.Serving;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Registry;

/// <summary>
/// Deleting a job with everything made from it (results, embeddings, plots, events, loss curve, checkpoint, its
/// model and the model's aliases), directly or through its model. Models fine-tuned from it stay: they hold their own
/// weights, and their lineage no longer links to it.
/// </summary>
public static class DeletionApi
{
    private const string Description = "Removes the job, its results, embeddings, plots, events, loss curve and checkpoint, the model it registered with the model's aliases, the encoding jobs made with that model (POST /api/models/{id}/encodings) with their results, and the stored reply to the request that created it; an encoding job goes with its results only. 409 while the job is queued or running (cancel it first), or while a queued or running job fine-tunes its model (training.initFrom) or encodes with it. Models fine-tuned from it stay. Other API processes stop serving it within 30 seconds.";

    public static RouteGroupBuilder MapDeletionApi(this RouteGroupBuilder api)
    {
        api.MapDelete("/jobs/{id:guid}", DeleteJob).WithTags("Jobs")
            .WithSummary("Delete a job with its results and model")
            .WithDescription(Description)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/models/{id:guid}", DeleteModel).WithTags("Models")
            .WithSummary("Delete a model with the job that trained it and its results")
            .WithDescription("The same as DELETE /api/jobs/{jobId} for the model's job. " + Description)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteJob(Guid id, JobDeletion deletion, Caches caches,
        CancellationToken cancellationToken) =>
        await DeleteAsync(id, deletion, caches, cancellationToken) ?? (Results<NoContent, ProblemHttpResult>)JobProblems.NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteModel(Guid id, ModelStore models, JobDeletion deletion, Caches caches,
        CancellationToken cancellationToken) =>
        await models.GetAsync(id, cancellationToken) is { } model
            ? await DeleteAsync(model.JobId, deletion, caches, cancellationToken) ?? JobProblems.ModelNotFound(id)
            : JobProblems.ModelNotFound(id);

    // Null when the job is gone.
    private static async Task<Results<NoContent, ProblemHttpResult>?> DeleteAsync(Guid jobId, JobDeletion deletion, Caches caches,
        CancellationToken cancellationToken)
    {
        var result = await deletion.DeleteAsync(jobId, $"/api/jobs/{jobId}", cancellationToken);
        switch (result.Outcome)
        {
            case JobDeleteOutcome.NotFound:
                return null;
            case JobDeleteOutcome.Running:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The job is still running.",
                    detail: $"Job '{jobId}' is {result.State}; cancel it first (POST /api/jobs/{jobId}/cancel) or wait until it ends.");
            case JobDeleteOutcome.NeededByRunningJob:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A running job uses this model.",
                    detail: $"Job '{result.BlockingJobId}' fine-tunes model '{result.ModelId}' of job '{jobId}' (training.initFrom) or encodes with it, and is not finished; " +
                        "delete this once it has ended or been cancelled.");
        }
        caches.FinishedJobs.Forget(jobId);
        caches.VectorIndexes.Forget(jobId);
        foreach (var encoding in result.EncodingJobIds ?? [])
        {
            caches.FinishedJobs.Forget(encoding);
            caches.VectorIndexes.Forget(encoding);
        }
        if (result.ModelId is { } modelId) caches.Models.Forget(modelId);
        return TypedResults.NoContent();
    }

    /// <summary>What this process keeps in memory of finished jobs and models, dropped on deletion.</summary>
    public sealed record Caches(FinishedJobs FinishedJobs, VectorIndexCache VectorIndexes, ModelCache Models);
}
