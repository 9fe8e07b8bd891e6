using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WebClustering.Core;
using WebClustering.Core.Datasets;
using WebClustering.Core.Preprocessing;

namespace WebClustering.Api.Registry;

/// <summary>A row of an encode request that cannot be used; <see cref="Field"/> is its JSON path.</summary>
public sealed class RawRowException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Raw JSON rows ({"age": 31, "city": "Paris"}) turned into a model's features with its table preprocessing, cell
/// by cell as the CSV upload reads them: a number's text parsed in invariant culture, text trimmed, null or "" a gap.
/// </summary>
internal static class RawRows
{
    public static Matrix Encode(TablePreprocessing table, IReadOnlyList<EncodeRow> rows, string[] ids)
    {
        var values = new float[rows.Count * table.Width];
        var cellsN = new float[table.Numeric.Length];
        var cellsC = new string?[table.Categorical.Length];
        for (int i = 0; i < rows.Count; i++)
        {
            string field = $"rows[{i}].values";
            var raw = rows[i].Values ?? throw new RawRowException($"rows[{i}]", $"Row {i} has neither features nor values; give one of them.");
            Array.Fill(cellsN, float.NaN);
            Array.Clear(cellsC);
            foreach (var (name, node) in raw)
            {
                if (name == table.IdColumn)
                {
                    // The dataset's id column names the row when the request gives no id.
                    if (rows[i].Id is null && node is JsonValue) ids[i] = Text(node) ?? ids[i];
                    continue;
                }
                if (name == table.LabelColumn) continue;
                if (table.SlotOf(name) is not { } slot)
                    throw new RawRowException(field, $"Row {i}: '{name}' is not a column of this model. Its columns are: " +
                        $"{string.Join(", ", table.Columns.Select(c => c.Name))}.");
                if (node is not (null or JsonValue))
                    throw new RawRowException(field, $"Row {i}, column '{name}': give a number, a string or null, not an object or array.");
                string? text = Text(node);
                if (slot < 0)
                {
                    cellsC[~slot] = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
                    continue;
                }
                if (node?.GetValueKind() is JsonValueKind.True or JsonValueKind.False || !TablePreprocessing.TryParseNumber(text, out cellsN[slot]))
                    throw new RawRowException(field, $"Row {i}, column '{name}': {DescribeValue(node)} is not a finite number.");
            }
            try
            {
                table.EncodeRow(cellsN, cellsC, values.AsSpan(i * table.Width, table.Width), $"Row {i} ('{ids[i]}')");
            }
            catch (DatasetFormatException e)
            {
                throw new RawRowException(field, e.Message);
            }
        }
        return new Matrix(values, rows.Count, table.Width);
    }

    /// <summary>A string's value, or a number's (or boolean's) JSON text; null for null.</summary>
    private static string? Text(JsonNode? node) =>
        node is null ? null : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private static string DescribeValue(JsonNode? node) => node?.ToJsonString() is { Length: > 40 } text ? text[..40] + "..." : node?.ToJsonString() ?? "null";

    public static string RowNumber(int i) => i.ToString(CultureInfo.InvariantCulture);
}
