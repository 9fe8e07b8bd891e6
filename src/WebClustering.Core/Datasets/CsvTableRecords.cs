namespace WebClustering.Core.Datasets;

/// <summary>
/// The data rows of a CSV table, one at a time, each split into its id, label, numeric and categorical cells and
/// checked (line and column named on any problem). Shared by the whole-file reader and the streamed upload, and
/// cheap to run again over the same file: nothing but the current record is held.
/// </summary>
internal sealed class CsvTableRecords : IDisposable
{
    private readonly StreamReader text;
    private readonly CsvRecordReader records;
    private readonly CsvReadOptions options;
    private readonly CancellationToken ct;
    private readonly string? idName;
    private readonly Dictionary<string, long>? idLines;
    private readonly LabelPool labelPool = new();
    private readonly LabelPool[] categoryPools;
    private long firstBlankLine;

    /// <param name="checkUniqueIds">
    /// Remember every id to refuse a repeated one here, naming both lines. Memory grows with the rows, so a
    /// streamed upload leaves this to the database's unique index instead.
    /// </param>
    public CsvTableRecords(Stream csv, CsvReadOptions options, CsvColumnRoles roles, bool checkUniqueIds, CancellationToken ct)
    {
        this.options = options;
        this.ct = ct;
        text = CsvFile.OpenText(csv);
        try
        {
            records = new CsvRecordReader(text, options.Separator);
            CsvFile.ReadHeaderLine(records);
            Header = CsvHeader.Parse(records, roles);
        }
        catch
        {
            text.Dispose();
            throw;
        }
        idName = Header.IdIndex >= 0 ? Header.Names[Header.IdIndex] : null;
        idLines = idName is not null && checkUniqueIds ? new Dictionary<string, long>(StringComparer.Ordinal) : null;
        categoryPools = [.. Header.CategoricalNames.Select(_ => new LabelPool())];
    }

    public CsvHeader Header { get; }

    /// <summary>Data rows read so far.</summary>
    public int Rows { get; private set; }

    /// <summary>The line on which the current row starts (the header is line 1).</summary>
    public long Line => records.LineNumber;

    public int NumericCount => Header.FeatureNames.Length;

    public int CategoricalCount => Header.CategoricalNames.Length;

    /// <summary>Reads the next data row; false at the end (a file without data rows is refused there).</summary>
    /// <param name="numeric">Receives the numeric cells in file order; NaN marks a missing one when those are allowed.</param>
    /// <param name="categories">Receives the categorical cells in file order; null marks a missing one when allowed.</param>
    /// <param name="id">The id cell, or null when the file has no id column.</param>
    /// <param name="label">The label cell (trimmed), or null when the file has no label column.</param>
    public bool Read(Span<float> numeric, string?[] categories, out string? id, out string? label)
    {
        id = label = null;
        int fieldCount = Header.Names.Length;
        if (!CsvFile.ReadDataRecord(records, fieldCount, ref firstBlankLine))
        {
            if (Rows == 0)
                throw new DatasetFormatException("The CSV file has a header but no data rows.");
            return false;
        }

        long line = records.LineNumber;
        if (Rows >= options.MaxRows)
            throw DatasetFormatException.At(line, null, $"the file has more than {options.MaxRows} data rows, the most accepted.");
        if ((long)(Rows + 1) * NumericCount > Array.MaxLength)
            throw DatasetFormatException.At(line, null,
                $"the dataset is too large: more than {Array.MaxLength} values ({NumericCount} feature columns per row).");
        if (Rows % CsvFile.CancellationCheckInterval == 0)
            ct.ThrowIfCancellationRequested();

        int number = 0, category = 0;
        for (int f = 0; f < fieldCount; f++)
        {
            ReadOnlySpan<char> cell = records[f];
            switch (Header.Roles[f])
            {
                case CsvRole.Id:
                    id = idLines is null ? CsvCells.ReadIdText(cell, line, idName!) : CsvCells.ReadId(cell, line, idName!, idLines);
                    break;
                case CsvRole.Label:
                    label = labelPool.Get(cell.Trim()); // trimmed like header names: "a, b" spacing is not data
                    break;
                case CsvRole.Category:
                    categories[category] = ReadCategory(cell, line, Header.Names[f], categoryPools[category]);
                    category++;
                    break;
                default:
                    numeric[number++] = CsvCells.ReadNumber(cell, line, Header.Names[f], options.AllowMissingValues);
                    break;
            }
        }
        Rows++;
        return true;
    }

    private string? ReadCategory(ReadOnlySpan<char> cell, long line, string column, LabelPool pool)
    {
        ReadOnlySpan<char> value = cell.Trim();
        if (!value.IsEmpty)
            return pool.Get(value);
        if (options.AllowMissingValues)
            return null;
        throw DatasetFormatException.At(line, column, "the value is missing. Every categorical column needs a value on every row.");
    }

    public void Dispose() => text.Dispose();
}
