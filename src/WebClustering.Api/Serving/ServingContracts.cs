namespace WebClustering.Api.Serving;

/// <param name="ItemId">The row's id (the id column's value, or its row number).</param>
/// <param name="Cluster">The cluster the row was assigned to (omitted unless asked for in fields).</param>
/// <param name="Vector">The latent vector (omitted unless asked for in fields).</param>
/// <param name="ReconstructionError">Mean squared error of the row's reconstruction (omitted unless asked for).</param>
public sealed record EmbeddingResponse(string ItemId, int? Cluster = null, float[]? Vector = null, float? ReconstructionError = null);

/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
/// <param name="Total">Items in the job (in the cluster, when filtered by one).</param>
public sealed record EmbeddingsPage(IReadOnlyList<EmbeddingResponse> Items, int Limit, int Total, string? NextCursor, int Offset = 0);

/// <param name="ItemIds">Up to 10,000 item ids.</param>
/// <param name="Fields">Comma-separated: vector, cluster, reconstructionError (default vector,cluster).</param>
public sealed record EmbeddingBatchRequest(string[] ItemIds, string? Fields = null);

/// <param name="Items">The embeddings found, in the order the ids were asked for.</param>
/// <param name="Missing">Requested ids the job has no embedding for.</param>
public sealed record EmbeddingBatchResponse(IReadOnlyList<EmbeddingResponse> Items, IReadOnlyList<string> Missing);

/// <param name="Threshold">The smallest reconstruction error among the items listed.</param>
public sealed record AnomaliesResponse(IReadOnlyList<EmbeddingResponse> Items, float? Threshold);
