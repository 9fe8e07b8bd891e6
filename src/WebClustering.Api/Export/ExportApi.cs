using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Jobs;
using WebClustering.Api.Serving;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Export;

/// <summary>Bulk export of a succeeded job's embeddings, streamed from PostgreSQL to the client.</summary>
public static class ExportApi
{
    private static readonly Dictionary<string, (string ContentType, string Extension)> Formats = new()
    {
        ["npy"] = ("application/zip", "npy.zip"),
        ["csv"] = ("text/csv", "csv"),
        ["jsonl"] = ("application/x-ndjson", "jsonl"),
        ["parquet"] = ("application/vnd.apache.parquet", "parquet"),
    };

    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/jobs/{id:guid}/embeddings/export", Export)
            .WithTags("Embeddings")
            .WithSummary("Export every embedding in one file")
            .WithDescription("format=npy: a zip of vectors.npy (float32, items x latent size), clusters.npy (int32) and ids.txt (one id per line, same order; backslash, CR and LF in ids escaped as \\\\, \\r, \\n). format=csv: item_id, cluster, v0..vN. format=jsonl: {itemId, cluster, vector} per line. format=parquet: columns item_id, cluster, v0..vN. Streamed: memory does not grow with the job.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<EmptyHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> Export(Guid id,
        HttpContext context, FinishedJobs finished, ResultStore results, EmbeddingStore embeddings, string format = "npy")
    {
        if (!Formats.TryGetValue(format, out var kind))
            return JobResultsApi.Invalid("format", $"format must be one of: {string.Join(", ", Formats.Keys)}.");
        var cancellationToken = context.RequestAborted;
        var (job, problem) = await finished.FindAsync(id, cancellationToken);
        if (problem is not null) return problem;
        if (context.IsNotModified(job!)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var summary = (await results.GetClusterSummaryAsync(id, cancellationToken))!;

        var response = context.Response;
        response.ContentType = kind.ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"job-{id}-embeddings.{kind.Extension}\"";
        // The zip writer writes its headers synchronously; everything else is asynchronous.
        context.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        await using var body = new BufferedStream(response.Body, 256 * 1024);
        IAsyncEnumerable<EmbeddingChunk> Chunks(EmbeddingParts parts) => embeddings.StreamChunksAsync(id, parts, cancellationToken);
        int dims = summary.LatentDim;
        switch (format)
        {
            case "npy": await EmbeddingExporters.WriteNpyZipAsync(body, Chunks, summary.ItemCount, dims, cancellationToken); break;
            case "csv": await EmbeddingExporters.WriteCsvAsync(body, Chunks(EmbeddingParts.All), dims, cancellationToken); break;
            case "jsonl": await EmbeddingExporters.WriteJsonLinesAsync(body, Chunks(EmbeddingParts.All), dims, cancellationToken); break;
            default: await ParquetExporter.WriteAsync(body, Chunks(EmbeddingParts.All), dims, cancellationToken); break;
        }
        await body.FlushAsync(cancellationToken);
        return TypedResults.Empty;
    }
}
