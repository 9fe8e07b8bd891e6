namespace WebClustering.Api.Datasets;

/// <summary>An uploaded dataset.</summary>
/// <param name="Rows">Number of data rows.</param>
/// <param name="FeatureNames">The numeric columns used for training, in order.</param>
/// <param name="IdColumn">The column whose values are the item ids, when one was named.</param>
/// <param name="LabelColumn">The column kept for evaluation only, when one was named.</param>
/// <param name="Kind">table, images or sequences: decides which model kinds fit it.</param>
/// <param name="ItemShape">One item's shape: [features] for a table, [channels, height, width] for images, [steps, features] for sequences.</param>
/// <param name="TableEncoding">CSV tables: the raw columns in order (numeric with mean and median, categorical with its categories), what the upload did with empty cells, and the first one.</param>
public sealed record DatasetResponse(
    Guid Id,
    string Name,
    int Rows,
    IReadOnlyList<string> FeatureNames,
    string? IdColumn,
    string? LabelColumn,
    DateTimeOffset CreatedAt,
    string Kind,
    IReadOnlyList<int> ItemShape,
    WebClustering.Core.Preprocessing.TableEncoding? TableEncoding = null);

public sealed record DatasetListResponse(IReadOnlyList<DatasetResponse> Items, int Offset, int Limit);
