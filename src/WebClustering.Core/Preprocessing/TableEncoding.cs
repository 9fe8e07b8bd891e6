using WebClustering.Core.Datasets;

namespace WebClustering.Core.Preprocessing;

/// <summary>Imputes and one-hot encodes a table's columns, matched by name, into one unscaled matrix.</summary>
internal static class TableEncoding
{
    public static Matrix Encode(FittedPreprocessing fitted, TabularData table)
    {
        ArgumentNullException.ThrowIfNull(table);
        string[] numericNames = fitted.NumericColumns
            ?? throw new InvalidOperationException("This preprocessing was fitted on a non-table dataset; apply it to a Dataset.");
        int[] sources = [.. numericNames.Select(name => IndexOf(table.FeatureNames, name))];
        var categorical = fitted.Categorical.Select(e =>
            table.Categorical.FirstOrDefault(c => c.Name == e.Column) ?? throw Absent(e.Column)).ToArray();

        // Gather the numeric columns in training order, so new files may order (or add) columns freely.
        var numeric = new float[(long)table.Rows * fitted.NumericWidth];
        for (int r = 0; r < table.Rows; r++)
            for (int c = 0; c < sources.Length; c++)
                numeric[(long)r * sources.Length + c] = table.Features[(long)r * table.Cols + sources[c]];
        float[] imputed = fitted.Impute(numeric, numericNames, table.Ids);

        int width = fitted.OutputWidth;
        var result = new float[(long)table.Rows * width];
        for (int r = 0; r < table.Rows; r++)
        {
            var row = result.AsSpan((int)((long)r * width), width);
            imputed.AsSpan((int)((long)r * fitted.NumericWidth), fitted.NumericWidth).CopyTo(row);
            int offset = fitted.NumericWidth;
            for (int k = 0; k < categorical.Length; k++)
            {
                var encoding = fitted.Categorical[k];
                string value = categorical[k].Values[r] ?? encoding.Fill
                    ?? throw FittedPreprocessing.MissingValue(table.Ids[r], encoding.Column);
                // A category never seen in training sets no column: the row is "none of the known ones".
                int index = Array.BinarySearch(encoding.Categories, value, StringComparer.Ordinal);
                if (index >= 0) row[offset + index] = 1f;
                offset += encoding.Categories.Length;
            }
        }
        return new Matrix(result, table.Rows, width);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        throw Absent(name);
    }

    private static DatasetFormatException Absent(string column) => new(
        $"The data has no {(column.Length > 0 ? $"column '{column}'" : "unnamed column")}, which the model was trained with.", null, column);
}
