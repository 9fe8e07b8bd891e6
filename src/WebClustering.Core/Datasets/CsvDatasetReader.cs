namespace WebClustering.Core.Datasets;

/// <summary>Reads an uploaded CSV file into a table for clustering.</summary>
public static class CsvDatasetReader
{
    /// <summary>
    /// Reads UTF-8 CSV (RFC 4180 quoting) whose first line is a header. Every column other than the id, label and
    /// categorical columns must hold a finite number on every row (or be empty, when missing values are allowed).
    /// </summary>
    /// <param name="csv">The file's bytes; read front to back (twice when detecting categorical columns), and left open.</param>
    /// <param name="options">Which columns are id, label and categorical, the separator, the row limit, missing values.</param>
    /// <param name="ct">Stops a long read, e.g. when the upload request is aborted.</param>
    /// <exception cref="DatasetFormatException">The file cannot be used; the message says why and where.</exception>
    public static TabularData Read(Stream csv, CsvReadOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRows, 1);
        CsvFile.CheckSeparator(options.Separator);
        if (!options.AllNonNumericAsCategorical)
            return ReadPass(csv, options, CsvColumnRoles.From(options), ct);

        if (!csv.CanSeek)
        {
            // Detection needs a second pass; a request body can be read only once, so keep a copy on disk.
            using var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite,
                FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            csv.CopyTo(copy);
            copy.Position = 0;
            return Read(copy, options, ct);
        }
        long start = csv.Position;
        var nonNumeric = CategoricalDetection.FindNonNumericColumns(csv, options, ct);
        csv.Position = start;
        return ReadPass(csv, options, CsvColumnRoles.From(options, nonNumeric), ct);
    }

    private static TabularData ReadPass(Stream csv, CsvReadOptions options, CsvColumnRoles roles, CancellationToken ct)
    {
        using var text = CsvFile.OpenText(csv);
        var records = new CsvRecordReader(text, options.Separator);
        CsvFile.ReadHeaderLine(records);
        var header = CsvHeader.Parse(records, roles);
        return ReadRows(records, header, options, ct);
    }

    private static TabularData ReadRows(CsvRecordReader records, CsvHeader header, CsvReadOptions options, CancellationToken ct)
    {
        int fieldCount = header.Names.Length;
        int cols = header.FeatureNames.Length;
        string? idName = header.IdIndex >= 0 ? header.Names[header.IdIndex] : null;
        var features = new FloatChunkList();
        var ids = idName is null ? null : new List<string>();
        var idLines = idName is null ? null : new Dictionary<string, long>(StringComparer.Ordinal);
        var labels = header.LabelIndex >= 0 ? new List<string>() : null;
        var labelPool = new LabelPool();
        var categories = header.CategoricalNames.Select(_ => new List<string?>()).ToArray();
        var categoryPools = header.CategoricalNames.Select(_ => new LabelPool()).ToArray();
        long firstBlankLine = 0;
        int rows = 0;

        while (CsvFile.ReadDataRecord(records, fieldCount, ref firstBlankLine))
        {
            long line = records.LineNumber;
            if (rows >= options.MaxRows)
                throw DatasetFormatException.At(line, null, $"the file has more than {options.MaxRows} data rows, the most accepted.");
            if ((long)(rows + 1) * cols > Array.MaxLength)
                throw DatasetFormatException.At(line, null,
                    $"the dataset is too large: more than {Array.MaxLength} values ({cols} feature columns per row).");
            if (rows % CsvFile.CancellationCheckInterval == 0)
                ct.ThrowIfCancellationRequested();

            int category = 0;
            for (int f = 0; f < fieldCount; f++)
            {
                ReadOnlySpan<char> cell = records[f];
                switch (header.Roles[f])
                {
                    case CsvRole.Id:
                        ids!.Add(CsvCells.ReadId(cell, line, idName!, idLines!));
                        break;
                    case CsvRole.Label:
                        labels!.Add(labelPool.Get(cell.Trim())); // trimmed like header names: "a, b" spacing is not data
                        break;
                    case CsvRole.Category:
                        categories[category].Add(ReadCategory(cell, line, header.Names[f], options.AllowMissingValues, categoryPools[category]));
                        category++;
                        break;
                    default:
                        features.Add(CsvCells.ReadNumber(cell, line, header.Names[f], options.AllowMissingValues));
                        break;
                }
            }
            rows++;
        }

        if (rows == 0)
            throw new DatasetFormatException("The CSV file has a header but no data rows.");

        return new TabularData
        {
            FeatureNames = Array.AsReadOnly(header.FeatureNames),
            Ids = ids?.ToArray() ?? CsvCells.RowNumbers(rows),
            Labels = labels?.ToArray(),
            Features = features.ToArray(),
            Rows = rows,
            Cols = cols,
            Categorical = header.CategoricalNames.Select((name, i) => new CategoricalColumn(name, categories[i].ToArray())).ToArray(),
        };
    }

    private static string? ReadCategory(ReadOnlySpan<char> cell, long line, string column, bool allowMissing, LabelPool pool)
    {
        ReadOnlySpan<char> value = cell.Trim();
        if (!value.IsEmpty)
            return pool.Get(value);
        if (allowMissing)
            return null;
        throw DatasetFormatException.At(line, column, "the value is missing. Every categorical column needs a value on every row.");
    }
}
