using System.Globalization;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>
/// A table read from a plain CSV file (comma-separated, no quotes, such as <see cref="CsvFiles.Blobs"/>), by code that
/// shares nothing with the service's reader, so that what the service did with the same file can be checked against it.
/// </summary>
/// <param name="Ids">The id column's values, row by row.</param>
/// <param name="Features">Row-major: every column but the id and the label, as floats.</param>
public sealed record PlainCsvTable(string[] Ids, float[] Features, int Rows, int Cols)
{
    public static PlainCsvTable Parse(string csv, string idColumn = "item", string labelColumn = "species")
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        int id = Array.IndexOf(header, idColumn), label = Array.IndexOf(header, labelColumn);
        int[] features = [.. Enumerable.Range(0, header.Length).Where(c => c != id && c != label)];
        var rows = lines[1..].Select(line => line.Split(',')).ToArray();
        return new PlainCsvTable(
            [.. rows.Select(cells => cells[id])],
            [.. rows.SelectMany(cells => features.Select(c => float.Parse(cells[c], CultureInfo.InvariantCulture)))],
            rows.Length, features.Length);
    }
}
