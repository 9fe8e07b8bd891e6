using WebClustering.Core.Preprocessing;

namespace WebClustering.Core.Datasets;

/// <summary>How a CSV table becomes a dataset of finite numbers.</summary>
/// <param name="IdColumn">Column holding item ids; null numbers the rows 0, 1, 2, ...</param>
/// <param name="LabelColumn">Column holding known class labels, or null.</param>
/// <param name="Missing">
/// Refuse an empty cell (naming it), fill it with its column's mean or median (categorical: most frequent value), or
/// keep it as NaN (a categorical one as NaN across its one-hot block) for each job to fill or refuse.
/// </param>
/// <param name="CategoricalColumns">Text columns one-hot encoded into features named "column=value".</param>
/// <param name="CheckUniqueIds">
/// Refuse a repeated id while reading, naming both lines. This remembers every id; a caller whose storage enforces
/// unique ids itself (and can report the row) turns it off to keep memory flat.
/// </param>
/// <param name="Separator">Field separator; null detects ',', ';' or tab from the header line.</param>
/// <param name="MaxRows">Most data rows accepted.</param>
/// <param name="MaxCategories">Most distinct values of one categorical column.</param>
public sealed record CsvTableOptions(
    string? IdColumn = null,
    string? LabelColumn = null,
    MissingValueStrategy Missing = MissingValueStrategy.Refuse,
    IReadOnlyList<string>? CategoricalColumns = null,
    bool CheckUniqueIds = true,
    char? Separator = null,
    long MaxRows = 10_000_000,
    int MaxCategories = 1000)
{
    internal CsvReadOptions ReadOptions => new(IdColumn, LabelColumn, Separator, MaxRows,
        AllowMissingValues: Missing != MissingValueStrategy.Refuse, CategoricalColumns: CategoricalColumns);
}

/// <summary>
/// Reads a CSV table as a stream of rows: missing cells filled (or kept as NaN) and categorical columns one-hot
/// encoded at upload, with the <see cref="TableEncoding"/> that says how. Memory holds one row and per-column
/// statistics, whatever the file's size.
/// </summary>
public static class CsvTableReader
{
    /// <summary>
    /// Reads the header, and when whole columns must be known first (missing values filled, categorical columns),
    /// makes the passes that gather them; then returns the reader of the rows.
    /// </summary>
    /// <param name="csv">The file; it must be seekable when a fitting pass is needed (an upload buffered on disk is). Left open.</param>
    /// <param name="options">Columns, missing values and limits.</param>
    /// <param name="ct">Stops a long read.</param>
    /// <exception cref="DatasetFormatException">The file cannot be used; the message says why and where.</exception>
    public static CsvTableRowReader Open(Stream csv, CsvTableOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRows, 1);
        CsvFile.CheckSeparator(options.Separator);
        var read = options.ReadOptions;
        var roles = CsvColumnRoles.From(read);
        bool fitted = options.Missing != MissingValueStrategy.Refuse || (options.CategoricalColumns?.Count ?? 0) > 0;
        if (fitted && !csv.CanSeek)
            throw new ArgumentException("Filling missing values or encoding categorical columns reads the file more than once; give a seekable stream.", nameof(csv));

        long start = fitted ? csv.Position : 0;
        var fit = fitted ? CsvTableFit.Run(csv, start, read, roles, options.Missing, options.MaxCategories, ct) : null;
        if (fitted) csv.Position = start;
        var records = new CsvTableRecords(csv, read, roles, options.CheckUniqueIds, ct);
        // Nothing read ahead (gaps refused, numbers only): the columns are all there is to say, and no gap can be stored.
        var encoding = fit ?? new TableEncoding(MissingValueStrategy.Refuse,
            [.. records.Header.FeatureNames.Select(name => new TableColumn(name, TableColumnKind.Numeric))]);
        return new CsvTableRowReader(records, encoding);
    }

    /// <summary>
    /// The message for a repeated id found by storage rather than while reading: reads the file again up to the row
    /// at <paramref name="row"/> (0-based) to name both lines, as a read with unique ids checked would have.
    /// </summary>
    public static DatasetFormatException DuplicateId(Stream csv, CsvTableOptions options, int? row, CancellationToken ct = default)
    {
        if (row is null)
            return new DatasetFormatException("Two rows have the same id. Ids must be unique.");
        var read = options.ReadOptions with { AllowMissingValues = true };
        var roles = CsvColumnRoles.From(read);
        long start = csv.Position;
        string? duplicate = null;
        long line = 0;
        using (var records = new CsvTableRecords(csv, read, roles, checkUniqueIds: false, ct))
        {
            var numeric = new float[records.NumericCount];
            var cells = new string?[records.CategoricalCount];
            while (records.Rows <= row && records.Read(numeric, cells, out string? id, out _))
                (duplicate, line) = (id, records.Line);
        }
        csv.Position = start;
        using (var records = new CsvTableRecords(csv, read, roles, checkUniqueIds: false, ct))
        {
            var numeric = new float[records.NumericCount];
            var cells = new string?[records.CategoricalCount];
            while (records.Read(numeric, cells, out string? id, out _) && records.Line < line)
                if (id == duplicate)
                    return DatasetFormatException.At(line, records.Header.Names[records.Header.IdIndex],
                        $"the id {DatasetFormatException.Quote(duplicate)} is already used on line {records.Line}. Ids must be unique.");
        }
        return new DatasetFormatException($"Two rows have the same id {DatasetFormatException.Quote(duplicate)}. Ids must be unique.");
    }

}

/// <summary>The rows of a CSV table upload, one at a time, and how they were encoded.</summary>
public sealed class CsvTableRowReader : DatasetRowReader
{
    private readonly CsvTableRecords records;
    private readonly TableColumn[] numericColumns;
    private readonly TableColumn[] categoricalColumns;
    private readonly float[] numeric;
    private readonly string?[] cells;

    internal CsvTableRowReader(CsvTableRecords records, TableEncoding encoding)
        : base(DatasetKind.Table, [encoding.FeatureNames.Count], encoding.FeatureNames, records.Header.LabelIndex >= 0)
    {
        this.records = records;
        Encoding = encoding;
        numericColumns = [.. encoding.Columns.Where(c => c.Kind == TableColumnKind.Numeric)];
        categoricalColumns = [.. encoding.Columns.Where(c => c.Kind == TableColumnKind.Categorical)];
        numeric = new float[records.NumericCount];
        cells = new string?[records.CategoricalCount];
    }

    /// <summary>The raw columns, what was learned of them, and the first gap; stored with the dataset.</summary>
    public TableEncoding Encoding { get; }

    protected override bool ReadItem(Span<float> item, out string id, out string? label)
    {
        if (!records.Read(numeric, cells, out string? cellId, out label))
        {
            id = "";
            return false;
        }
        id = cellId ?? RowNumber(RowsRead);
        numeric.CopyTo(item);
        // With keep, a gap stays NaN for the job; with mean or median the upload's fill goes in.
        var missing = Encoding.Missing;
        if (missing is MissingValueStrategy.Mean or MissingValueStrategy.Median)
            for (int c = 0; c < numeric.Length; c++)
                if (float.IsNaN(item[c]))
                    item[c] = (missing == MissingValueStrategy.Mean ? numericColumns[c].Mean : numericColumns[c].Median)!.Value;
        int offset = numeric.Length;
        item[offset..].Clear();
        for (int k = 0; k < cells.Length; k++)
        {
            var column = categoricalColumns[k];
            var block = item.Slice(offset, column.Categories!.Length);
            offset += block.Length;
            if (cells[k] is null && missing == MissingValueStrategy.Keep)
            {
                block.Fill(float.NaN);
                continue;
            }
            // Every value was seen by the fitting pass over the same file, so it is always found.
            block[Array.BinarySearch(column.Categories, cells[k] ?? column.MostFrequent!, StringComparer.Ordinal)] = 1f;
        }
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) records.Dispose();
    }
}
