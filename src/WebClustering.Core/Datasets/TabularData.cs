namespace WebClustering.Core.Datasets;

/// <summary>A numeric table read from a dataset file, ready for clustering.</summary>
public sealed class TabularData
{
    /// <summary>Names of the feature columns, in file order.</summary>
    public required IReadOnlyList<string> FeatureNames { get; init; }

    /// <summary>One id per row: the id column's values, else the 0-based row numbers "0", "1", ...</summary>
    public required string[] Ids { get; init; }

    /// <summary>One raw label per row from the label column, or null when no label column was named.</summary>
    public required string[]? Labels { get; init; }

    /// <summary>Row-major values: row r, column c is at <c>r * Cols + c</c>.</summary>
    public required float[] Features { get; init; }

    /// <summary>Number of data rows.</summary>
    public int Rows { get; init; }

    /// <summary>Number of feature columns (equals <c>FeatureNames.Count</c>).</summary>
    public int Cols { get; init; }
}
