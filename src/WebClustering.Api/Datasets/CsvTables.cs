using WebClustering.Core.Datasets;
using WebClustering.Core.Preprocessing;

namespace WebClustering.Api.Datasets;

/// <summary>
/// The form fields of a CSV table upload. Categorical columns are one-hot encoded at upload by
/// <see cref="CsvTableReader"/> (the stored feature names say what each column became, e.g. "colour=red"); missing
/// values are refused, filled there, or kept as NaN for each job to fill or refuse (keep). The table encoding is
/// stored with the dataset, so models can take raw rows later.
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
            case "keep": missing = MissingValueStrategy.Keep; return true;
            default: return false;
        }
    }

    public static string[] SplitColumns(string? value) =>
        DatasetSaving.Optional(value)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
}
