using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

internal static class JobProblems
{
    public static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found.", detail: $"There is no job with id '{id}'.");

    public static ProblemHttpResult ItemNotFound(Guid jobId, string itemId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Item not found.",
            detail: $"Job '{jobId}' has no item with id '{itemId}'.");

    public static ProblemHttpResult ModelNotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found.", detail: $"There is no model with id '{id}'.");

    public static ProblemHttpResult NoResults(JobRecord job) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The job has no results.",
            detail: job.State == JobStates.Failed
                ? $"Job '{job.Id}' failed: {job.Error}"
                : $"Job '{job.Id}' is {job.State}; results are available once it has succeeded.");
}
