namespace WebClustering.Core.Datasets;

/// <summary>First pass of a CSV read that finds which feature columns hold text rather than numbers.</summary>
internal static class CategoricalDetection
{
    /// <summary>
    /// Names of the feature columns with at least one non-empty cell that does not read as a number. Rows with the
    /// wrong number of fields are skipped: the reading pass reports them with their line.
    /// </summary>
    public static IReadOnlyList<string> FindNonNumericColumns(Stream csv, CsvReadOptions options, CancellationToken ct)
    {
        using var text = CsvFile.OpenText(csv);
        var records = new CsvRecordReader(text, options.Separator);
        CsvFile.ReadHeaderLine(records);
        var header = CsvHeader.Parse(records, CsvColumnRoles.From(options));
        var nonNumeric = new bool[header.Names.Length];
        long rows = 0;
        while (records.Read())
        {
            if (records.FieldCount != nonNumeric.Length)
                continue;
            if (++rows % CsvFile.CancellationCheckInterval == 0)
                ct.ThrowIfCancellationRequested();
            for (int f = 0; f < nonNumeric.Length; f++)
            {
                if (nonNumeric[f] || header.Roles[f] != CsvRole.Number)
                    continue;
                ReadOnlySpan<char> cell = records[f];
                nonNumeric[f] = !cell.IsWhiteSpace() && !CsvCells.LooksNumeric(cell);
            }
        }
        return header.Names.Where((_, i) => nonNumeric[i]).ToArray();
    }
}
