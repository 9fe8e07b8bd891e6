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
        using var records = new CsvTableRecords(csv, options, roles, checkUniqueIds: true, ct);
        var header = records.Header;
        var features = new FloatChunkList();
        var ids = header.IdIndex >= 0 ? new List<string>() : null;
        var labels = header.LabelIndex >= 0 ? new List<string>() : null;
        var categories = header.CategoricalNames.Select(_ => new List<string?>()).ToArray();
        var numeric = new float[records.NumericCount];
        var cells = new string?[records.CategoricalCount];

        while (records.Read(numeric, cells, out string? id, out string? label))
        {
            features.AddRange(numeric);
            ids?.Add(id!);
            labels?.Add(label!);
            for (int k = 0; k < cells.Length; k++)
                categories[k].Add(cells[k]);
        }

        return new TabularData
        {
            FeatureNames = Array.AsReadOnly(header.FeatureNames),
            Ids = ids?.ToArray() ?? CsvCells.RowNumbers(records.Rows),
            Labels = labels?.ToArray(),
            Features = features.ToArray(),
            Rows = records.Rows,
            Cols = records.NumericCount,
            Categorical = header.CategoricalNames.Select((name, i) => new CategoricalColumn(name, categories[i].ToArray())).ToArray(),
        };
    }
}
