using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Tenants;
using WebClustering.Core.Datasets;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Datasets;

/// <summary>What every upload endpoint shares: form checks and storing the items a reader gives, as it gives them.</summary>
internal static class DatasetSaving
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A trimmed optional form value, null when blank.</summary>
    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// Streams the reader's items into a new dataset: each item is parsed and written to the database's COPY before
    /// the next is read, in one transaction, so memory stays flat whatever the file's size and a file that turns out
    /// bad half-way leaves nothing behind.
    /// </summary>
    public static async Task<Created<DatasetResponse>> SaveAsync(DatasetStore store, ClaimsPrincipal user, string name, string? idColumn,
        string? labelColumn, DatasetRowReader reader, CancellationToken cancellationToken)
    {
        var layout = new DatasetLayout(reader.Kind.ToName(), [.. reader.ItemShape], [.. reader.FeatureNames ?? []],
            (reader as CsvTableRowReader)?.Encoding.ToJson());
        var record = await store.CreateAsync(user.TenantId(), name.Trim(), idColumn, labelColumn, layout, async (rows, ct) =>
        {
            var item = new float[reader.ItemSize];
            while (reader.Read(item, out string id, out string? label))
                await rows.WriteAsync(id, label, item, ct);
        }, cancellationToken);
        return Created(record);
    }

    public static Created<DatasetResponse> Created(DatasetRecord record) =>
        TypedResults.Created($"/api/datasets/{record.Id}", record.ToResponse());
}
