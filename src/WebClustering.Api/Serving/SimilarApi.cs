using WebClustering.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Jobs;
using WebClustering.Core.Search;

namespace WebClustering.Api.Serving;

/// <param name="Vector">A vector of the job's latent size.</param>
/// <param name="K">How many items (1 to 1000).</param>
/// <param name="Metric">cosine (default), l2 or dot.</param>
/// <param name="Cluster">Only items of this cluster (searched exactly).</param>
/// <param name="Exact">Search exactly even where the job has an HNSW index.</param>
public sealed record SimilarByVectorRequest(float[] Vector, int K = 10, string Metric = "cosine", int? Cluster = null, bool Exact = false);

/// <param name="Score">Cosine similarity or dot product (higher is closer), or Euclidean distance (lower is closer).</param>
public sealed record SimilarItem(string ItemId, float Score, int Cluster);

/// <param name="Search">Which search answered: <c>exact</c> (a search or a precomputed neighbour list, the same answer) or <c>hnsw</c> (approximate).</param>
public sealed record SimilarResponse(string Metric, string Search, IReadOnlyList<SimilarItem> Items);

/// <summary>
/// Similar items: exact search over the job's vectors held in memory (with precomputed neighbour lists below
/// WebClustering:ApproximateSearchMinItems items), or from that size on the HNSW index the job built; <c>exact=true</c> forces the first.
/// </summary>
public static class SimilarApi
{
    public const int MaxK = 1000;

    /// <summary>The values of the response's <c>search</c>: which of the two searches answered.</summary>
    public const string Exact = "exact", Hnsw = "hnsw";

    public static RouteGroupBuilder MapSimilarApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/jobs/{id:guid}").WithTags("Similar items");
        group.MapGet("/items/{itemId}/similar", ForItem)
            .WithSummary("Items most similar to an item")
            .WithDescription("metric: cosine (default), l2 or dot; sameCluster keeps to the item's cluster. The item itself is left out. Jobs of at least WebClustering:ApproximateSearchMinItems items (100,000) are answered from the HNSW index the job built (\"search\": \"hnsw\", approximate: recall@10 about 0.95-0.99); exact=true, sameCluster, and any job below that size are searched exactly (\"search\": \"exact\"). Below it, after the first request for a metric, every item's top 50 (WebClustering:NeighbourListSize) are precomputed in the background; requests with k up to that and no sameCluster are then lookups, with the same answer.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/similar", ForVector)
            .WithSummary("Items most similar to a vector")
            .WithRequestExample(OpenApi.Examples.SimilarByVector)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<SimilarItemsJson, ValidationProblem, ProblemHttpResult>> ForItem(Guid id, string itemId,
        FinishedJobs finished, VectorIndexCache indexes, CancellationToken cancellationToken,
        int k = 10, string metric = "cosine", bool sameCluster = false, bool exact = false)
    {
        if (Validate(k, metric, out var parsed) is { } invalid) return invalid;
        var (_, problem) = await finished.FindAsync(id, cancellationToken);
        if (problem is not null) return problem;
        var index = await indexes.GetAsync(id);
        if (index.RowOf(itemId) is not { } row)
            return JobProblems.ItemNotFound(id, itemId);
        if (!exact && !sameCluster && indexes.ApproximateFor(id, index, parsed) is { } graph)
            return new SimilarItemsJson(metric.ToLowerInvariant(), ApproximateSearch.Search(index, graph, index.Vector(row), k, parsed, excludeRow: row), Hnsw);
        // The precomputed lists answer what they hold (any cluster, k up to their size); the rest is searched.
        var neighbours = (sameCluster ? null : indexes.NeighbourListsFor(id, index, parsed)?.Lookup(row, k))
            ?? index.Search(index.Vector(row), k, parsed, sameCluster ? index.Clusters[row] : null, excludeRow: row);
        return new SimilarItemsJson(metric.ToLowerInvariant(), neighbours, Exact);
    }

    private static async Task<Results<SimilarItemsJson, ValidationProblem, ProblemHttpResult>> ForVector(Guid id,
        SimilarByVectorRequest request, FinishedJobs finished, VectorIndexCache indexes, CancellationToken cancellationToken)
    {
        if (Validate(request.K, request.Metric, out var parsed) is { } invalid) return invalid;
        if (request.Vector is null || request.Vector.Length == 0) return JobResultsApi.Invalid("vector", "Give the vector to search with.");
        if (request.Vector.Any(v => !float.IsFinite(v))) return JobResultsApi.Invalid("vector", "The vector must hold finite numbers only.");
        var (_, problem) = await finished.FindAsync(id, cancellationToken);
        if (problem is not null) return problem;
        var index = await indexes.GetAsync(id);
        if (request.Vector.Length != index.Dims)
            return JobResultsApi.Invalid("vector", $"The vector has {request.Vector.Length} values but this job's embeddings have {index.Dims}.");
        if (!request.Exact && request.Cluster is null && indexes.ApproximateFor(id, index, parsed) is { } graph)
            return new SimilarItemsJson(request.Metric.ToLowerInvariant(), ApproximateSearch.Search(index, graph, request.Vector, request.K, parsed), Hnsw);
        return new SimilarItemsJson(request.Metric.ToLowerInvariant(), index.Search(request.Vector, request.K, parsed, request.Cluster), Exact);
    }

    private static ValidationProblem? Validate(int k, string metric, out SimilarityMetric parsed)
    {
        parsed = SimilarityMetric.Cosine;
        if (k is < 1 or > MaxK) return JobResultsApi.Invalid("k", $"k must be between 1 and {MaxK}.");
        if (!SimilarMetrics.TryParse(metric, out parsed))
            return JobResultsApi.Invalid("metric", "metric must be cosine, l2 or dot.");
        return null;
    }
}
