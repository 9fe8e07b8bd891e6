using WebClustering.Core;

namespace WebClustering.Storage.Datasets;

/// <summary>A dataset as stored: the metadata row, without its data rows.</summary>
/// <param name="FeatureNames">Names along the last axis of an item (table columns, a sequence's per-step features); empty for images.</param>
/// <param name="Kind">table, images or sequences.</param>
/// <param name="ItemShape">[F], [C, H, W] or [T, F]; each data row holds one item flattened row-major.</param>
/// <param name="TableEncodingJson">CSV tables: how the raw columns became the features (Core's TableEncoding as JSON).</param>
public sealed record DatasetRecord(
    Guid Id,
    string Name,
    int RowCount,
    string[] FeatureNames,
    string? IdColumn,
    string? LabelColumn,
    DateTimeOffset CreatedAt,
    string Kind,
    int[] ItemShape,
    string? TableEncodingJson = null)
{
    /// <summary>Values per item: the product of <see cref="ItemShape"/>.</summary>
    public int ItemSize => ItemShape.Aggregate(1, (size, dim) => size * dim);
}

/// <summary>What a new dataset is: its kind, item shape and the names along the shape's last axis.</summary>
/// <param name="TableEncodingJson">CSV tables: how the raw columns became the features, stored with the dataset.</param>
public sealed record DatasetLayout(string Kind, int[] ItemShape, string[] FeatureNames, string? TableEncodingJson = null);

/// <summary>The data rows of a dataset in row order; <see cref="Labels"/> is null when it has no label column.</summary>
public sealed record DatasetRows(string[] ItemIds, string?[]? Labels, Matrix Features);

public enum DeleteOutcome { Deleted, NotFound, InUse }
