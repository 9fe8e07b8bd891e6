using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Serving;
using WebClustering.Core.Models;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>The outputs of a succeeded job: clusters, anomalies and the model file. Embeddings have their own group.</summary>
public static class JobResultsApi
{
    public static RouteGroupBuilder MapJobResultsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/jobs/{id:guid}").WithTags("Results");

        group.MapGet("/clusters", Clusters)
            .WithSummary("Centroids, cluster sizes and scores")
            .WithDescription("Inertia, silhouette, Davies-Bouldin and Calinski-Harabasz always; ACC, NMI and ARI when the dataset has a label column.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/anomalies", Anomalies)
            .WithSummary("The items the model reconstructs worst")
            .WithDescription("Either `top` (how many) or `contamination` (the fraction of items, from 0 to 0.5) chooses how many; worst first.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/model", Model)
            .WithSummary("Download the trained model")
            .WithDescription("A zip with model.json (architecture and preprocessing) and weights.bin (TorchSharp format); the service loads it again. `GET /api/models/{id}/file` offers PyTorch formats too.")
            .Produces(StatusCodes.Status200OK, contentType: ModelFile.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<ClustersResponse>, StatusCodeHttpResult, ProblemHttpResult>> Clusters(Guid id, HttpContext context,
        FinishedJobs finished, ResultStore results, CancellationToken cancellationToken)
    {
        var (job, problem) = await finished.FindAsync(id, cancellationToken);
        if (problem is not null) return problem;
        if (context.IsNotModified(job!)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var summary = await results.GetClusterSummaryAsync(id, cancellationToken);
        return TypedResults.Ok(summary!.ToResponse());
    }

    private static async Task<Results<Ok<AnomaliesResponse>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> Anomalies(Guid id,
        HttpContext context, FinishedJobs finished, ResultStore results, EmbeddingStore embeddings, CancellationToken cancellationToken,
        int? top = null, double? contamination = null)
    {
        if (top is not null == contamination is not null)
            return Invalid("top", "Give either top (a count) or contamination (a fraction), not both and not neither.");
        if (top is < 1 or > 10_000) return Invalid("top", "top must be between 1 and 10000.");
        if (contamination is not null && !(contamination > 0 && contamination <= 0.5))
            return Invalid("contamination", "contamination must be greater than 0 and at most 0.5.");

        var (job, problem) = await finished.FindAsync(id, cancellationToken);
        if (problem is not null) return problem;
        if (context.IsNotModified(job!)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        int count = top ?? (int)Math.Ceiling(contamination!.Value * (await results.GetClusterSummaryAsync(id, cancellationToken))!.ItemCount);
        var worst = await embeddings.GetWorstReconstructedAsync(id, Math.Min(count, 10_000), cancellationToken);
        var fields = EmbeddingFields.Cluster | EmbeddingFields.ReconstructionError;
        return TypedResults.Ok(new AnomaliesResponse([.. worst.Select(e => e.ToResponse(fields))], worst.LastOrDefault()?.ReconstructionError));
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> Model(Guid id, HttpContext context,
        FinishedJobs finished, ResultStore results, CancellationToken cancellationToken)
    {
        var (job, problem) = await finished.FindAsync(id, cancellationToken);
        if (problem is not null) return problem;
        if (context.IsNotModified(job!)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var model = await results.GetModelAsync(id, cancellationToken);
        if (model is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "An encoding job has no model of its own.",
                detail: $"Job '{id}' encoded its dataset with model '{job!.ModelId}': download that one (GET /api/models/{job.ModelId}/file).");
        return TypedResults.File(model, ModelFile.ContentType, $"job-{id}{ModelFile.Extension}");
    }

    internal static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
