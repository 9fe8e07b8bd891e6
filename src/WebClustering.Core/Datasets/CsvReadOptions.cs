namespace WebClustering.Core.Datasets;

/// <summary>How <see cref="CsvDatasetReader"/> interprets a CSV file.</summary>
/// <param name="IdColumn">Header name of the column holding row ids; null numbers the rows 0, 1, 2, ...</param>
/// <param name="LabelColumn">Header name of the column holding known class labels; null when the data is unlabelled.</param>
/// <param name="Separator">Field separator; null detects ',', ';' or tab from the header line.</param>
/// <param name="MaxRows">Most data rows accepted, so one upload cannot exhaust the server's memory.</param>
public sealed record CsvReadOptions(
    string? IdColumn = null,
    string? LabelColumn = null,
    char? Separator = null,
    long MaxRows = 10_000_000);
