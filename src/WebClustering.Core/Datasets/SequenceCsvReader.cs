namespace WebClustering.Core.Datasets;

/// <summary>How <see cref="SequenceCsvReader"/> finds the parts of a long-format CSV file.</summary>
/// <param name="IdColumn">Column naming the sequence each row belongs to.</param>
/// <param name="StepColumn">Column holding the row's time index (any numbers; only their order matters).</param>
/// <param name="LabelColumn">Optional column holding the sequence's class, the same on each of its rows.</param>
/// <param name="Separator">Field separator; null detects ',', ';' or tab from the header line.</param>
/// <param name="MaxRows">Most data rows (steps over all sequences) accepted.</param>
public sealed record SequenceCsvOptions(
    string IdColumn = "id",
    string StepColumn = "step",
    string? LabelColumn = null,
    char? Separator = null,
    long MaxRows = 10_000_000);

/// <summary>
/// Opens long-format sequence CSV: one row per (sequence, step), every other column a numeric feature. Each row's
/// cells are checked here as it is read; grouping rows into sequences, sorting their steps and the rules across rows
/// (one label per sequence, each step once, the same number of steps in every sequence) are the upload's, which
/// stages the rows in PostgreSQL (<c>SequenceStaging</c> in Storage) so no file is ever held in memory.
/// </summary>
public static class SequenceCsvReader
{
    /// <summary>Reads the header and returns the file's rows one at a time, unsorted and ungrouped. Cells are checked as they are read.</summary>
    /// <param name="csv">The file's bytes; read once, front to back, and left open.</param>
    /// <param name="options">The id, step and label columns, the separator and the row limit.</param>
    /// <param name="ct">Stops a long read.</param>
    /// <exception cref="DatasetFormatException">The header or a row cannot be used; the message says why and where.</exception>
    public static SequenceCsvRows Open(Stream csv, SequenceCsvOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRows, 1);
        CsvFile.CheckSeparator(options.Separator);
        return new SequenceCsvRows(csv, options, ct);
    }
}
