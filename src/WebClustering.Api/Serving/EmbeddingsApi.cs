using WebClustering.Api.OpenApi;
using System.Globalization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Jobs;
using WebClustering.Storage.Jobs;
using WebClustering.Api.Problems;

namespace WebClustering.Api.Serving;

/// <summary>Reads of a succeeded job's embeddings: pages, single items and batches of ids.</summary>
public static class EmbeddingsApi
{
    public const int MaxPage = 10_000;
    public const int MaxBatch = 10_000;

    public static RouteGroupBuilder MapEmbeddingsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/jobs/{id:guid}/embeddings").WithTags("Embeddings");

        group.MapGet("/", Page)
            .WithSummary("Item ids with their latent vectors and clusters, page by page")
            .WithDescription("In row order. Follow `nextCursor` with `cursor` (keyset pagination: every page costs the same); `offset` also works for small jobs. `cluster` filters; `fields` picks vector, cluster, reconstructionError. At most 10000 per page.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{itemId}", Item)
            .WithSummary("One item's embedding")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/batch", Batch)
            .WithSummary("Embeddings of up to 10000 items at once")
            .WithDescription("Items come back in the order asked for, each once; ids the job does not know are listed under `missing`. " +
                "Send `Accept: application/octet-stream` for the binary form (no float formatting; see the README). " + BinaryEmbeddingBatch.Description)
            .WithMetadata(new BinaryResponse(BinaryEmbeddingBatch.MediaType, BinaryEmbeddingBatch.Description))
            .Accepts<EmbeddingBatchRequest>("application/json")
            .WithRequestExample(OpenApi.Examples.EmbeddingBatch)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<EmbeddingsPage>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> Page(Guid id,
        HttpContext context, FinishedJobs finished, EmbeddingStore embeddings, ResultStore results, CancellationToken cancellationToken,
        string? cursor = null, int offset = 0, int limit = 1000, int? cluster = null, string? fields = null)
    {
        int? after = null;
        if (cursor is not null)
        {
            if (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var row))
                return JobResultsApi.Invalid("cursor", "cursor must be a value returned as nextCursor by a previous page.");
            after = row;
        }
        if (PageParameters.Check(offset, limit, MaxPage) is { } outOfRange) return outOfRange;
        if (!EmbeddingFieldsParser.TryParse(fields, out var wanted))
            return JobResultsApi.Invalid("fields", $"fields is a comma-separated list of: {EmbeddingFieldsParser.Allowed}.");

        var (job, problem) = await finished.FindAsync(id, cancellationToken);
        if (problem is not null) return problem;
        if (context.IsNotModified(job!)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);

        var summary = (await results.GetClusterSummaryAsync(id, cancellationToken))!;
        // Noise (-1, density clusterings) is in no cluster size: it is what the sizes leave of the items.
        int total = cluster is { } c
            ? c == -1 ? summary.ItemCount - summary.ClusterSizes.Sum() : c >= 0 && c < summary.ClusterSizes.Length ? summary.ClusterSizes[c] : 0
            : summary.ItemCount;
        var items = await embeddings.GetPageAsync(id, after, offset, limit, cluster, cancellationToken);
        string? next = items.Count == limit ? items[^1].RowIndex.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new EmbeddingsPage([.. items.Select(e => e.ToResponse(wanted))], limit, total, next, offset));
    }

    private static async Task<Results<Ok<EmbeddingResponse>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> Item(Guid id,
        string itemId, HttpContext context, FinishedJobs finished, EmbeddingStore embeddings, CancellationToken cancellationToken,
        string? fields = null)
    {
        if (!EmbeddingFieldsParser.TryParse(fields, out var wanted))
            return JobResultsApi.Invalid("fields", $"fields is a comma-separated list of: {EmbeddingFieldsParser.Allowed}.");
        var (job, problem) = await finished.FindAsync(id, cancellationToken);
        if (problem is not null) return problem;
        if (context.IsNotModified(job!)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var found = await embeddings.GetByItemIdsAsync(id, [itemId], cancellationToken);
        return found.Count == 1
            ? TypedResults.Ok(found[0].ToResponse(wanted))
            : JobProblems.ItemNotFound(id, itemId);
    }

    private static async Task<Results<Ok<EmbeddingBatchResponse>, BinaryEmbeddingBatch, ValidationProblem, ProblemHttpResult>> Batch(
        Guid id, HttpContext context, IOptions<JsonOptions> json, FinishedJobs finished, EmbeddingStore embeddings, VectorIndexCache indexes,
        BatchReadTurns turns, CancellationToken cancellationToken)
    {
        // The body is read here rather than bound: see BatchRequestBody.
        // Routing answers other content types with a 415 (the Accepts metadata).
        using var request = await BatchRequestBody.ReadAsync(context.Request, cancellationToken);
        // What follows is CPU work, but for database reads (which give the turn up meanwhile): see BatchReadTurns.
        using var turn = await turns.TakeAsync(cancellationToken);
        request.Parse(json.Value.SerializerOptions);
        if (request.Count == 0) return JobResultsApi.Invalid("itemIds", "Give at least one item id.");
        if (request.Count > MaxBatch) return JobResultsApi.Invalid("itemIds", $"At most {MaxBatch} item ids per request; got {request.Count}.");
        if (request.HasEmptyId) return JobResultsApi.Invalid("itemIds", "Item ids must not be empty.");
        if (!EmbeddingFieldsParser.TryParse(request.Fields, out var wanted))
            return JobResultsApi.Invalid("fields", $"fields is a comma-separated list of: {EmbeddingFieldsParser.Allowed}.");
        bool binary = BinaryEmbeddingBatch.IsWanted(context.Request);
        if (binary && wanted.HasFlag(EmbeddingFields.ReconstructionError))
            return JobResultsApi.Invalid("fields", "The binary format carries clusters and vectors only; ask for reconstructionError as JSON.");
        var (_, problem) = await turn.WhileAwaiting(finished.FindAsync(id, cancellationToken));
        if (problem is not null) return problem;

        if (binary)
        {
            return BinaryEmbeddingBatch.Create(await turn.WhileAwaiting(indexes.GetAsync(id)), request);
        }

        var unique = request.ToStrings().Distinct(StringComparer.Ordinal).ToArray();
        // Vectors and clusters come from the job's in-memory index (shared with similar items); reconstruction
        // errors are not held there and are read from the database.
        var found = wanted.HasFlag(EmbeddingFields.ReconstructionError)
            ? (await turn.WhileAwaiting(embeddings.GetByItemIdsAsync(id, unique, cancellationToken))).ToDictionary(e => e.ItemId, StringComparer.Ordinal)
            : FromIndex(await turn.WhileAwaiting(indexes.GetAsync(id)), unique);
        var items = unique.Where(found.ContainsKey).Select(itemId => found[itemId].ToResponse(wanted)).ToList();
        var missing = unique.Where(itemId => !found.ContainsKey(itemId)).ToList();
        return TypedResults.Ok(new EmbeddingBatchResponse(items, missing));
    }

    private static Dictionary<string, EmbeddingRecord> FromIndex(WebClustering.Core.Search.VectorIndex index, string[] itemIds)
    {
        var found = new Dictionary<string, EmbeddingRecord>(itemIds.Length, StringComparer.Ordinal);
        foreach (var itemId in itemIds)
            if (index.RowOf(itemId) is { } row)
                found[itemId] = new EmbeddingRecord(row, itemId, index.Clusters[row], index.Vector(row).ToArray(), null);
        return found;
    }
}
