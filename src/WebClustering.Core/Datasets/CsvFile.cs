using System.Text;

namespace WebClustering.Core.Datasets;

/// <summary>Opening a CSV upload and reading its header line: shared by the table and sequence readers.</summary>
internal static class CsvFile
{
    public const int CancellationCheckInterval = 4096;

    // Invalid bytes must fail loudly: a silently replaced character would corrupt an id or a label.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Streams the text: only one 64K block and the current record are held, never the whole file.</summary>
    public static StreamReader OpenText(Stream csv) =>
        new(csv, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);

    public static void CheckSeparator(char? separator)
    {
        if (separator is '"' or '\r' or '\n')
            throw new DatasetFormatException($"{CsvCells.Describe(separator.Value)} cannot be used as the separator.");
    }

    /// <summary>Reads line 1, which must be the header, refusing a file that is empty or starts blank.</summary>
    public static void ReadHeaderLine(CsvRecordReader records)
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

    /// <summary>
    /// Reads the next non-blank data record, checking its field count; false at the end. Blank lines are fine
    /// at the end (editors add them) but nowhere else, which is only known once a later line has text.
    /// </summary>
    public static bool ReadDataRecord(CsvRecordReader records, int fieldCount, ref long firstBlankLine)
    {
        while (records.Read())
        {
            if (records.IsBlank)
            {
                if (firstBlankLine == 0) firstBlankLine = records.LineNumber;
                continue;
            }
            if (firstBlankLine != 0)
                throw DatasetFormatException.At(firstBlankLine, null,
                    "the line is empty. Empty lines are only allowed at the end of the file; remove it or fill in its values.");
            if (records.FieldCount != fieldCount)
                throw DatasetFormatException.At(records.LineNumber, null,
                    $"found {records.FieldCount} values but the header has {fieldCount} columns " +
                    $"(separator: {CsvCells.Describe(records.Separator)}). Look for a missing or extra separator, " +
                    "or a value containing the separator that is not in double quotes.");
            return true;
        }
        return false;
    }
}
