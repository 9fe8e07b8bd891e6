namespace WebClustering.Core.Datasets;

/// <summary>How <see cref="CsvTableRecords"/> reads the cells of a CSV table (built from <see cref="CsvTableOptions"/>).</summary>
/// <param name="IdColumn">Header name of the column holding row ids; null numbers the rows 0, 1, 2, ...</param>
/// <param name="LabelColumn">Header name of the column holding known class labels; null when the data is unlabelled.</param>
/// <param name="Separator">Field separator; null detects ',', ';' or tab from the header line.</param>
/// <param name="MaxRows">Most data rows accepted, so one upload cannot exhaust the server's memory.</param>
/// <param name="AllowMissingValues">
/// False refuses an empty feature cell, naming its line and column. True keeps it as NaN (numeric columns) or
/// null (categorical columns), for the job's preprocessing to impute.
/// </param>
/// <param name="CategoricalColumns">Feature columns to keep as text for one-hot encoding; null or empty for none.</param>
public sealed record CsvReadOptions(
    string? IdColumn = null,
    string? LabelColumn = null,
    char? Separator = null,
    long MaxRows = 10_000_000,
    bool AllowMissingValues = false,
    IReadOnlyList<string>? CategoricalColumns = null);
