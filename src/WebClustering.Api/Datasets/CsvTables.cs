using WebClustering.Core.Datasets;
using WebClustering.Core.Preprocessing;

namespace WebClustering.Api.Datasets;

/// <summary>
/// Reads an uploaded CSV table into a dataset. Missing values and categorical columns are resolved at upload
/// (filled, one-hot encoded), so that every stored dataset is finite numbers and every job can train on it; the
/// stored feature names say what each column became (e.g. "colour=red").
/// </summary>
internal static class CsvTables
{
    public static bool TryParseMissing(string? value, out MissingValueStrategy missing)
    {
        missing = MissingValueStrategy.Refuse;
        switch (DatasetSaving.Optional(value)?.ToLowerInvariant())
        {
            case null or "refuse": return true;
            case "mean": missing = MissingValueStrategy.Mean; return true;
            case "median": missing = MissingValueStrategy.Median; return true;
            default: return false;
        }
    }

    public static string[] SplitColumns(string? value) =>
        DatasetSaving.Optional(value)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <exception cref="DatasetFormatException">A bad cell (line and column named), a missing value that is refused, or an unknown column.</exception>
    public static Dataset Read(Stream stream, string? idColumn, string? labelColumn, MissingValueStrategy missing,
        string[] categorical, CancellationToken cancellationToken)
    {
        var options = new CsvReadOptions(idColumn, labelColumn, AllowMissingValues: missing != MissingValueStrategy.Refuse,
            CategoricalColumns: categorical);
        var table = CsvDatasetReader.Read(stream, options, cancellationToken);
        if (table.Categorical.Count == 0 && !table.HasMissingValues) return table.ToDataset();
        // Scaling stays a per-job choice: only imputation and one-hot encoding are fitted here.
        return FittedPreprocessing.Fit(table, new PreprocessingOptions(missing, ScalingKind.None)).Transform(table);
    }
}
