using System.Globalization;

/// <summary>The per-row work of a table upload, as CsvTableRecords does it, for the libraries' cells.</summary>
internal sealed class CsvUploadRow
{
    private readonly int id, label;
    private readonly Dictionary<string, string> labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> labelLookup;

    public CsvUploadRow(IReadOnlyList<string> header)
    {
        Columns = header.Count;
        id = IndexOf(header, "id");
        label = IndexOf(header, "label");
        labelLookup = labels.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Columns { get; }
    public double Check { get; private set; }

    public void CheckCount(int count, long line)
    {
        if (count != Columns) throw new InvalidDataException($"Line {line}: found {count} values but the header has {Columns} columns.");
    }

    public void Cell(int column, ReadOnlySpan<char> cell, long line)
    {
        if (column == id)
        {
            var trimmed = cell.Trim();
            if (trimmed.IsEmpty) throw new InvalidDataException($"Line {line}: the id is empty.");
            Check += trimmed.ToString().Length;
        }
        else if (column == label)
        {
            var trimmed = cell.Trim();
            if (!labelLookup.TryGetValue(trimmed, out string? shared))
            {
                shared = trimmed.ToString();
                labels.Add(shared, shared);
            }
            Check += shared.Length;
        }
        else if (float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value))
            Check += value;
        else
            throw new InvalidDataException($"Line {line}: '{cell}' is not a finite number.");
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (int i = 0; i < header.Count; i++) if (header[i] == name) return i;
        throw new InvalidDataException($"no column {name}");
    }
}
