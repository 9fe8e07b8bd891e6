namespace WebClustering.Core.Datasets;

/// <summary>
/// A table read from a CSV file, before per-job preprocessing: numeric columns as floats (NaN where a cell was
/// empty and missing values were allowed) and categorical columns as text.
/// </summary>
public sealed class TabularData
{
    /// <summary>Names of the numeric feature columns, in file order.</summary>
    public required IReadOnlyList<string> FeatureNames { get; init; }

    /// <summary>One id per row: the id column's values, else the 0-based row numbers "0", "1", ...</summary>
    public required string[] Ids { get; init; }

    /// <summary>One raw label per row from the label column, or null when no label column was named.</summary>
    public required string[]? Labels { get; init; }

    /// <summary>Row-major numeric values: row r, column c is at <c>r * Cols + c</c>. NaN marks a missing value.</summary>
    public required float[] Features { get; init; }

    /// <summary>Number of data rows.</summary>
    public int Rows { get; init; }

    /// <summary>Number of numeric feature columns (equals <c>FeatureNames.Count</c>; 0 when every feature is categorical).</summary>
    public int Cols { get; init; }

    /// <summary>Text columns to be one-hot encoded by preprocessing, in file order; empty unless asked for.</summary>
    public IReadOnlyList<CategoricalColumn> Categorical { get; init; } = [];

    /// <summary>True when some numeric cell is missing (NaN), which preprocessing must impute before training.</summary>
    public bool HasMissingValues => Features.AsSpan().ContainsAnyExceptInRange(float.MinValue, float.MaxValue);

    /// <summary>
    /// The table as a <see cref="Dataset"/> of kind table, sharing the arrays. Only for a table that is already
    /// all finite numbers; one with categorical or missing values is read with <see cref="CsvTableReader"/> instead,
    /// which encodes and fills them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The table has categorical columns or missing values.</exception>
    public Dataset ToDataset()
    {
        if (Categorical.Count > 0)
            throw new InvalidOperationException("The table has categorical columns; read it with CsvTableReader, which one-hot encodes them.");
        if (HasMissingValues)
            throw new InvalidOperationException("The table has missing values; read it with CsvTableReader, which fills or keeps them.");
        return new Dataset(DatasetKind.Table, [Cols], Features, Ids, Labels, FeatureNames);
    }
}

/// <summary>A non-numeric CSV column kept as text, one value per row; null marks a missing (empty) cell.</summary>
public sealed record CategoricalColumn(string Name, string?[] Values);
