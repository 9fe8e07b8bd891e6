using System.Globalization;
using WebClustering.Core.Preprocessing;

namespace WebClustering.Core.Datasets;

/// <summary>The raw rows of a CSV file encoded as a model trained on a CSV table takes them.</summary>
/// <param name="Ids">Each row's id: the id column's value, else its 0-based row number.</param>
/// <param name="Features">The encoded, unscaled features: gaps filled with the model's values, categories one-hot encoded.</param>
public sealed record RawTableRows(string[] Ids, Matrix Features);

/// <summary>
/// Reads a CSV file whose header names a model's raw columns (any order), as its dataset's upload read them: numbers
/// in invariant culture, text trimmed, an empty cell a gap. The id column (the one named, else the dataset's when the
/// file has it) gives the ids; the dataset's label column is skipped; any other column is refused.
/// </summary>
public static class RawTableReader
{
    /// <summary>The header's column names, trimmed (only line 1 is read).</summary>
    public static string[] HeaderNames(Stream csv)
    {
        using var text = CsvFile.OpenText(csv);
        var records = new CsvRecordReader(text, null);
        CsvFile.ReadHeaderLine(records);
        return [.. Enumerable.Range(0, records.FieldCount).Select(i => records[i].Trim().ToString())];
    }

    /// <exception cref="DatasetFormatException">A column is missing or unknown, a number is bad, a gap is refused or a category unknown; the line and column are named.</exception>
    public static RawTableRows Read(Stream csv, TablePreprocessing table, string? idColumn, int maxRows, CancellationToken ct = default)
    {
        using var text = CsvFile.OpenText(csv);
        var records = new CsvRecordReader(text, null);
        CsvFile.ReadHeaderLine(records);
        string[] names = [.. Enumerable.Range(0, records.FieldCount).Select(i => records[i].Trim().ToString())];
        // Where each file column goes: numeric slot, categorical slot (encoded as ~slot), or nowhere (id, label).
        var target = new int?[names.Length];
        int idIndex = idColumn is null ? Array.IndexOf(names, table.IdColumn) : Array.IndexOf(names, idColumn);
        if (idColumn is not null && idIndex < 0)
            throw new DatasetFormatException($"The id column '{idColumn}' is not in the header.", 1, idColumn);
        var unknown = new List<string>();
        for (int f = 0; f < names.Length; f++)
        {
            if (f == idIndex || names[f] == table.LabelColumn) continue;
            if (table.SlotOf(names[f]) is not { } slot || Array.IndexOf(names, names[f]) != f) unknown.Add(names[f]);
            else target[f] = slot;
        }
        var absent = table.Columns.Select(c => c.Name).Where(name => !names.Contains(name)).ToList();
        if (absent.Count > 0 || unknown.Count > 0)
            throw new DatasetFormatException($"The columns must be the model's raw columns: {string.Join(", ", table.Columns.Select(c => c.Name))} " +
                "(an empty cell is a gap, filled with the model's value)." +
                (absent.Count > 0 ? $" Missing: {string.Join(", ", absent)}." : "") +
                (unknown.Count > 0 ? $" Not columns of this model (or repeated): {string.Join(", ", unknown)}." : ""), 1, (absent.Count > 0 ? absent : unknown)[0]);

        var ids = new List<string>();
        var values = new FloatChunkList();
        var cellsN = new float[table.Numeric.Length];
        var cellsC = new string?[table.Categorical.Length];
        var row = new float[table.Width];
        long firstBlankLine = 0;
        while (CsvFile.ReadDataRecord(records, names.Length, ref firstBlankLine))
        {
            long line = records.LineNumber;
            if (ids.Count >= maxRows)
                throw DatasetFormatException.At(line, null, $"the file has more than {maxRows} data rows, the most accepted.");
            if (ids.Count % CsvFile.CancellationCheckInterval == 0) ct.ThrowIfCancellationRequested();
            for (int f = 0; f < names.Length; f++)
            {
                if (target[f] is not { } slot) continue;
                if (slot >= 0) cellsN[slot] = CsvCells.ReadNumber(records[f], line, names[f], allowMissing: true);
                else cellsC[~slot] = records[f].Trim() is { IsEmpty: false } cell ? cell.ToString() : null;
            }
            string id = idIndex >= 0 ? CsvCells.ReadIdText(records[idIndex], line, names[idIndex]) : ids.Count.ToString(CultureInfo.InvariantCulture);
            table.EncodeRow(cellsN, cellsC, row, $"Line {line} (counting the header as line 1)");
            ids.Add(id);
            values.AddRange(row);
        }
        if (ids.Count == 0) throw new DatasetFormatException("The CSV file has a header but no data rows.");
        return new RawTableRows([.. ids], new Matrix(values.ToArray(), ids.Count, table.Width));
    }
}
