using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Tenants;
using WebClustering.Core;
using WebClustering.Core.Datasets;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Datasets;

/// <summary>What every upload endpoint shares: form checks and storing a read <see cref="Dataset"/>.</summary>
internal static class DatasetSaving
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A trimmed optional form value, null when blank.</summary>
    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static async Task<Created<DatasetResponse>> SaveAsync(DatasetStore store, ClaimsPrincipal user, string name, string? idColumn,
        string? labelColumn, Dataset data, CancellationToken cancellationToken)
    {
        var layout = new DatasetLayout(data.Kind.ToName(), [.. data.ItemShape], [.. data.FeatureNames ?? []]);
        var rows = new DatasetRows(data.Ids, data.Labels, new Matrix(data.Features, data.Rows, data.ItemSize));
        var record = await store.CreateAsync(user.TenantId(), name.Trim(), idColumn, labelColumn, layout, rows, cancellationToken);
        return TypedResults.Created($"/api/datasets/{record.Id}", record.ToResponse());
    }
}
