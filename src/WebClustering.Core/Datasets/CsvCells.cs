using System.Globalization;

namespace WebClustering.Core.Datasets;

/// <summary>Parsing of single CSV cells, with the messages shared by the table and sequence readers.</summary>
internal static class CsvCells
{
    public static string ReadId(ReadOnlySpan<char> cell, long line, string column, Dictionary<string, long> idLines)
    {
        string id = ReadIdText(cell, line, column);
        if (!idLines.TryAdd(id, line))
            throw DatasetFormatException.At(line, column,
                $"the id {DatasetFormatException.Quote(id)} is already used on line {idLines[id]}. Ids must be unique.");
        return id;
    }

    public static string ReadIdText(ReadOnlySpan<char> cell, long line, string column)
    {
        ReadOnlySpan<char> trimmed = cell.Trim();
        if (trimmed.IsEmpty)
            throw DatasetFormatException.At(line, column, "the id is empty. Every row needs an id.");
        return trimmed.ToString();
    }

    /// <summary>A finite number; an empty cell is NaN when <paramref name="allowMissing"/>, else refused.</summary>
    public static float ReadNumber(ReadOnlySpan<char> cell, long line, string column, bool allowMissing = false)
    {
        // Invariant culture: a file must mean the same numbers whatever the server's locale.
        if (float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value))
            return value;
        if (allowMissing && cell.IsWhiteSpace())
            return float.NaN;
        throw NotANumber(cell.Trim(), line, column);
    }

    /// <summary>True for text that reads as a number (finite or not), to say why a cell was refused.</summary>
    public static bool LooksNumeric(ReadOnlySpan<char> cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static DatasetFormatException NotANumber(ReadOnlySpan<char> value, long line, string column)
    {
        string problem;
        if (value.IsEmpty)
            problem = "the value is missing. Every feature column needs a number on every row.";
        else if (LooksNumeric(value))
            problem = $"{DatasetFormatException.Quote(value)} is not a finite number. NaN, infinity and values beyond ±3.4e38 cannot be clustered.";
        else
            problem = $"{DatasetFormatException.Quote(value)} is not a number." +
                      (value.Contains(',') ? " Use '.' as the decimal separator, e.g. 3.14." : "");
        return DatasetFormatException.At(line, column, problem);
    }

    public static string Describe(char separator) => separator switch
    {
        '\t' => "tab",
        '\r' or '\n' => "line break",
        _ => $"'{separator}'",
    };
}
