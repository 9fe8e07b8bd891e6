using System.Globalization;
using System.Text;

namespace WebClustering.Core.Datasets;

/// <summary>Reads an uploaded CSV file into a numeric table for clustering.</summary>
public static class CsvDatasetReader
{
    private const int CancellationCheckInterval = 4096;

    // Invalid bytes must fail loudly: a silently replaced character would corrupt an id or a label.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads UTF-8 CSV (RFC 4180 quoting) whose first line is a header. Every column other than the
    /// id and label columns must hold a finite number on every row.
    /// </summary>
    /// <param name="csv">The file's bytes; read once, front to back, and left open.</param>
    /// <param name="options">Which columns are id and label, the separator and the row limit.</param>
    /// <param name="ct">Stops a long read, e.g. when the upload request is aborted.</param>
    /// <exception cref="DatasetFormatException">The file cannot be used; the message says why and where.</exception>
    public static TabularData Read(Stream csv, CsvReadOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRows, 1);
        if (options.Separator is '"' or '\r' or '\n')
            throw new DatasetFormatException($"{Describe(options.Separator.Value)} cannot be used as the separator.");

        // Streams: only one 64K block of text and the current record are held, never the whole file.
        using var text = new StreamReader(csv, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var records = new CsvRecordReader(text, options.Separator);
        ReadHeaderLine(records);
        var header = CsvHeader.Parse(records, options);
        return ReadRows(records, header, options.MaxRows, ct);
    }

    private static void ReadHeaderLine(CsvRecordReader records)
    {
        const string Empty = "The CSV file is empty. Its first line must be a header with the column names, followed by one line per data row.";
        if (!records.Read())
            throw new DatasetFormatException(Empty);
        if (!records.IsBlank)
            return;
        while (records.Read())
        {
            // The header must be line 1, so that every line number we report is the editor's line number.
            if (!records.IsBlank)
                throw DatasetFormatException.At(1, null, "the first line is empty, but it must be the header with the column names.");
        }
        throw new DatasetFormatException(Empty);
    }

    private static TabularData ReadRows(CsvRecordReader records, CsvHeader header, long maxRows, CancellationToken ct)
    {
        int fieldCount = header.Names.Length;
        int cols = header.FeatureNames.Length;
        string? idName = header.IdIndex >= 0 ? header.Names[header.IdIndex] : null;
        var features = new FloatChunkList();
        var ids = idName is null ? null : new List<string>();
        var idLines = idName is null ? null : new Dictionary<string, long>(StringComparer.Ordinal);
        var labels = header.LabelIndex >= 0 ? new List<string>() : null;
        var labelPool = new LabelPool();
        long firstBlankLine = 0;
        int rows = 0;

        while (records.Read())
        {
            long line = records.LineNumber;
            if (records.IsBlank)
            {
                // Blank lines are fine at the end (editors add them); we only know it is the end later.
                if (firstBlankLine == 0) firstBlankLine = line;
                continue;
            }
            if (firstBlankLine != 0)
                throw DatasetFormatException.At(firstBlankLine, null,
                    "the line is empty. Empty lines are only allowed at the end of the file; remove it or fill in its values.");
            if (records.FieldCount != fieldCount)
                throw DatasetFormatException.At(line, null,
                    $"found {records.FieldCount} values but the header has {fieldCount} columns " +
                    $"(separator: {Describe(records.Separator)}). Look for a missing or extra separator, " +
                    "or a value containing the separator that is not in double quotes.");
            if (rows >= maxRows)
                throw DatasetFormatException.At(line, null, $"the file has more than {maxRows} data rows, the most accepted.");
            if ((long)(rows + 1) * cols > Array.MaxLength)
                throw DatasetFormatException.At(line, null,
                    $"the dataset is too large: more than {Array.MaxLength} values ({cols} feature columns per row).");
            if (rows % CancellationCheckInterval == 0)
                ct.ThrowIfCancellationRequested();

            for (int f = 0; f < fieldCount; f++)
            {
                ReadOnlySpan<char> cell = records[f];
                if (f == header.IdIndex)
                    ids!.Add(ReadId(cell, line, idName!, idLines!));
                else if (f == header.LabelIndex)
                    labels!.Add(labelPool.Get(cell.Trim())); // trimmed like header names: "a, b" spacing is not data
                else
                    features.Add(ReadNumber(cell, line, header.Names[f]));
            }
            rows++;
        }

        if (rows == 0)
            throw new DatasetFormatException("The CSV file has a header but no data rows.");

        return new TabularData
        {
            FeatureNames = Array.AsReadOnly(header.FeatureNames),
            Ids = ids?.ToArray() ?? RowNumbers(rows),
            Labels = labels?.ToArray(),
            Features = features.ToArray(),
            Rows = rows,
            Cols = cols,
        };
    }

    private static string ReadId(ReadOnlySpan<char> cell, long line, string column, Dictionary<string, long> idLines)
    {
        ReadOnlySpan<char> trimmed = cell.Trim();
        if (trimmed.IsEmpty)
            throw DatasetFormatException.At(line, column, "the id is empty. Every row needs an id.");
        string id = trimmed.ToString();
        if (!idLines.TryAdd(id, line))
            throw DatasetFormatException.At(line, column,
                $"the id {DatasetFormatException.Quote(id)} is already used on line {idLines[id]}. Ids must be unique.");
        return id;
    }

    private static float ReadNumber(ReadOnlySpan<char> cell, long line, string column)
    {
        // Invariant culture: a file must mean the same numbers whatever the server's locale.
        if (float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value))
            return value;
        throw NotANumber(cell.Trim(), line, column);
    }

    private static DatasetFormatException NotANumber(ReadOnlySpan<char> value, long line, string column)
    {
        string problem;
        if (value.IsEmpty)
            problem = "the value is missing. Every feature column needs a number on every row.";
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            problem = $"{DatasetFormatException.Quote(value)} is not a finite number. NaN, infinity and values beyond ±3.4e38 cannot be clustered.";
        else
            problem = $"{DatasetFormatException.Quote(value)} is not a number." +
                      (value.Contains(',') ? " Use '.' as the decimal separator, e.g. 3.14." : "");
        return DatasetFormatException.At(line, column, problem);
    }

    private static string[] RowNumbers(int rows)
    {
        var ids = new string[rows];
        for (int i = 0; i < rows; i++)
            ids[i] = i.ToString(CultureInfo.InvariantCulture);
        return ids;
    }

    private static string Describe(char separator) => separator switch
    {
        '\t' => "tab",
        '\r' or '\n' => "line break",
        _ => $"'{separator}'",
    };
}
