using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Core.Models;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>The outputs of a succeeded job: embeddings, clusters and the model file.</summary>
public static class JobResultsApi
{
    public static RouteGroupBuilder MapJobResultsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/jobs/{id:guid}").WithTags("Results");

        group.MapGet("/embeddings", Embeddings)
            .WithSummary("Item ids with their latent vectors and clusters")
            .WithDescription("In row order, paged with offset and limit (at most 10000).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/clusters", Clusters)
            .WithSummary("Centroids, cluster sizes and scores")
            .WithDescription("Inertia, silhouette, Davies-Bouldin and Calinski-Harabasz always; ACC, NMI and ARI when the dataset has a label column.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/model", Model)
            .WithSummary("Download the trained model")
            .WithDescription("A zip with model.json (architecture and preprocessing) and weights.bin (TorchSharp format); the service loads it again.")
            .Produces(StatusCodes.Status200OK, contentType: ModelFile.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<EmbeddingsPage>, ProblemHttpResult>> Embeddings(Guid id, JobStore jobs, ResultStore results,
        CancellationToken cancellationToken, int offset = 0, int limit = 1000)
    {
        if (await SucceededJob(id, jobs, cancellationToken) is { } problem) return problem;
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, 10_000);
        var summary = await results.GetClusterSummaryAsync(id, cancellationToken);
        var items = await results.GetEmbeddingsAsync(id, offset, limit, cancellationToken);
        int total = summary!.ClusterSizes.Sum();
        return TypedResults.Ok(new EmbeddingsPage([.. items.Select(e => e.ToResponse())], offset, limit, total));
    }

    private static async Task<Results<Ok<ClustersResponse>, ProblemHttpResult>> Clusters(Guid id, JobStore jobs, ResultStore results,
        CancellationToken cancellationToken)
    {
        if (await SucceededJob(id, jobs, cancellationToken) is { } problem) return problem;
        var summary = await results.GetClusterSummaryAsync(id, cancellationToken);
        return TypedResults.Ok(summary!.ToResponse());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Model(Guid id, JobStore jobs, ResultStore results,
        CancellationToken cancellationToken)
    {
        if (await SucceededJob(id, jobs, cancellationToken) is { } problem) return problem;
        var model = await results.GetModelAsync(id, cancellationToken);
        return TypedResults.File(model!, ModelFile.ContentType, $"job-{id}{ModelFile.Extension}");
    }

    private static async Task<ProblemHttpResult?> SucceededJob(Guid id, JobStore jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(id, cancellationToken) switch
        {
            null => JobProblems.NotFound(id),
            { State: JobStates.Succeeded } => null,
            var job => JobProblems.NoResults(job),
        };
}
