namespace WebClustering.Core.Datasets;

/// <summary>
/// The uploaded file cannot be used as a dataset. The message is written for the person who
/// uploaded it, so the web layer can show it as is.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public DatasetFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message for the user and the error behind it.</summary>
    public DatasetFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a message for the user and where in the file the problem is.</summary>
    public DatasetFormatException(string message, long? row, string? column, Exception? innerException = null)
        : base(message, innerException)
    {
        Row = row;
        Column = column;
    }

    /// <summary>
    /// The 1-based LINE number in the file where the problem is, the header being line 1
    /// (a record spanning lines through a quoted line break is reported at its first line);
    /// null when the problem is not tied to one line.
    /// </summary>
    public long? Row { get; }

    /// <summary>Header name of the column with the problem; null when not tied to one column.</summary>
    public string? Column { get; }

    /// <summary>Builds "Line N (counting the header as line 1), column 'c': problem".</summary>
    internal static DatasetFormatException At(long line, string? column, string problem)
    {
        // Users open files in editors that number lines, so point at the line, and say how it is counted.
        string where = line == 1 ? "Line 1 (the header)" : $"Line {line} (counting the header as line 1)";
        if (column is not null)
            where += $", column '{column}'";
        return new DatasetFormatException($"{where}: {problem}", line, column);
    }

    /// <summary>Quotes a cell value for a message, shortened so one huge cell cannot flood the page.</summary>
    internal static string Quote(ReadOnlySpan<char> value)
    {
        const int MaxShown = 40;
        return value.Length <= MaxShown ? $"'{value}'" : $"'{value[..MaxShown]}...'";
    }
}
