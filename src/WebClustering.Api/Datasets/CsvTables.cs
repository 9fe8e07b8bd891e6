using WebClustering.Core.Datasets;
using WebClustering.Core.Preprocessing;

namespace WebClustering.Api.Datasets;

/// <summary>
/// The form fields of a CSV table upload. Missing values and categorical columns are resolved at upload (filled,
/// one-hot encoded by <see cref="CsvTableReader"/>), so that every stored dataset is finite numbers and every job can
/// train on it; the stored feature names say what each column became (e.g. "colour=red").
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
}
