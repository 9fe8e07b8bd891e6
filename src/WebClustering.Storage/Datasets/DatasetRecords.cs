using WebClustering.Core;

namespace WebClustering.Storage.Datasets;

/// <summary>A dataset as stored: the metadata row, without its data rows.</summary>
public sealed record DatasetRecord(
    Guid Id,
    string Name,
    int RowCount,
    string[] FeatureNames,
    string? IdColumn,
    string? LabelColumn,
    DateTimeOffset CreatedAt);

/// <summary>The data rows of a dataset in row order; <see cref="Labels"/> is null when it has no label column.</summary>
public sealed record DatasetRows(string[] ItemIds, string?[]? Labels, Matrix Features);

public enum DeleteOutcome { Deleted, NotFound, InUse }
