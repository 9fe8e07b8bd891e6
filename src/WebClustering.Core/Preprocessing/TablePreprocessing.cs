using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using WebClustering.Core.Datasets;

namespace WebClustering.Core.Preprocessing;

/// <summary>A raw column as a model takes it, with the value that fills its gaps.</summary>
/// <param name="Fill">Numeric: the value of an empty cell (the job's mean or median); null when gaps are refused.</param>
/// <param name="FillCategory">Categorical: the category of an empty cell (the most frequent); null when gaps are refused.</param>
public sealed record TableInputColumn(
    string Name,
    TableColumnKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? Categories = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? Fill = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FillCategory = null);

/// <summary>
/// How a model trained on a CSV table turns raw rows into its input: gaps filled with the values its job used,
/// categorical columns one-hot encoded (numeric features first, then each categorical block, as the dataset stored
/// them). Saved with the model, so rows encoded later get exactly what the training rows got; the scaler follows.
/// </summary>
/// <param name="Missing">The fill values used: refuse (none), mean or median.</param>
/// <param name="Columns">The raw feature columns in file order.</param>
/// <param name="IdColumn">The dataset's id column, skipped in raw rows.</param>
/// <param name="LabelColumn">The dataset's label column, skipped in raw rows.</param>
public sealed record TablePreprocessing(MissingValueStrategy Missing, IReadOnlyList<TableInputColumn> Columns,
    string? IdColumn = null, string? LabelColumn = null)
{
    // Get-only, so that no copy made with 'with' can change the columns under the views below, which /encode reads
    // for every row and are therefore worked out once.
    public IReadOnlyList<TableInputColumn> Columns { get; } = Columns;

    [JsonIgnore] public TableInputColumn[] Numeric { get; } = [.. Columns.Where(c => c.Kind == TableColumnKind.Numeric)];

    [JsonIgnore] public TableInputColumn[] Categorical { get; } = [.. Columns.Where(c => c.Kind == TableColumnKind.Categorical)];

    [JsonIgnore] public int Width { get; } = Columns.Sum(c => c.Kind == TableColumnKind.Categorical ? c.Categories!.Length : 1);

    private readonly Dictionary<string, int> slots = Slots(Columns);

    /// <summary>
    /// Where a raw column's cell goes in <see cref="EncodeRow"/>: its index among the numeric cells, or the bitwise
    /// complement (~k) of its index among the categorical ones; null for a name that is not a column.
    /// </summary>
    public int? SlotOf(string name) => slots.TryGetValue(name, out int slot) ? slot : null;

    private static Dictionary<string, int> Slots(IReadOnlyList<TableInputColumn> columns)
    {
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        int numeric = 0, categorical = 0;
        foreach (var column in columns)
            slots[column.Name] = column.Kind == TableColumnKind.Categorical ? ~categorical++ : numeric++;
        return slots;
    }

    /// <summary>
    /// The job's preprocessing of a stored table. Gaps a mean or median upload filled keep the upload's values (those
    /// are what the stored rows hold); gaps kept as NaN get the job's <paramref name="choice"/>. Fill values the upload
    /// did not record are computed from <paramref name="rows"/>, whose present cells are the file's.
    /// </summary>
    /// <exception cref="DatasetFormatException">The rows have gaps and the choice is refuse; the message names the first.</exception>
    public static TablePreprocessing Fit(TableEncoding encoding, MissingValueStrategy choice, Matrix rows, string? idColumn, string? labelColumn)
    {
        if (choice == MissingValueStrategy.Keep) throw new ArgumentException("A job fills gaps or refuses them; keep is an upload option.", nameof(choice));
        var missing = encoding.Missing is MissingValueStrategy.Mean or MissingValueStrategy.Median ? encoding.Missing : choice;
        if (missing == MissingValueStrategy.Refuse && encoding.HasKeptGaps)
            throw RefusedGap(encoding.FirstMissing!);
        var columns = new List<TableInputColumn>(encoding.Columns.Count);
        int feature = 0; // numeric columns are the first features, in column order
        foreach (var column in encoding.Columns)
        {
            if (column.Kind == TableColumnKind.Categorical)
            {
                columns.Add(new TableInputColumn(column.Name, column.Kind, column.Categories,
                    FillCategory: missing == MissingValueStrategy.Refuse ? null : column.MostFrequent));
                continue;
            }
            float? fill = missing switch
            {
                MissingValueStrategy.Refuse => null,
                MissingValueStrategy.Mean => column.Mean ?? Imputation.Fill(rows, feature, missing),
                _ => column.Median ?? Imputation.Fill(rows, feature, missing),
            };
            if (fill is { } value && float.IsNaN(value))
                throw new DatasetFormatException(
                    $"The column '{column.Name}' has no values at all, so there is nothing to fill its gaps with.", null, column.Name);
            columns.Add(new TableInputColumn(column.Name, column.Kind, Fill: fill));
            feature++;
        }
        return new TablePreprocessing(missing, columns, idColumn, labelColumn);
    }

    /// <summary>Fills the gaps (NaN) of stored rows in place: a numeric NaN with its fill, a NaN one-hot block with its fill's category.</summary>
    public void Impute(Matrix rows)
    {
        if (rows.Cols != Width) throw new ArgumentException($"The rows have {rows.Cols} features; this table encodes {Width}.", nameof(rows));
        Impute(rows.Values);
    }

    /// <summary>Fills the gaps of rows in place (row-major, <see cref="Width"/> values a row, as many as the span holds).</summary>
    public void Impute(Span<float> rows)
    {
        var numeric = Numeric;
        var categorical = Categorical;
        for (int start = 0; start < rows.Length; start += Width)
        {
            var row = rows.Slice(start, Width);
            for (int c = 0; c < numeric.Length; c++)
                if (float.IsNaN(row[c]))
                    row[c] = numeric[c].Fill ?? throw new InvalidOperationException($"Column '{numeric[c].Name}' has a gap and no fill value.");
            int offset = numeric.Length;
            foreach (var column in categorical)
            {
                var block = row.Slice(offset, column.Categories!.Length);
                if (float.IsNaN(block[0]))
                {
                    block.Clear();
                    block[Array.IndexOf(column.Categories, column.FillCategory
                        ?? throw new InvalidOperationException($"Column '{column.Name}' has a gap and no fill category."))] = 1f;
                }
                offset += block.Length;
            }
        }
    }

    /// <summary>Encodes one raw row: numeric cells in the order of <see cref="Numeric"/> (NaN for a gap), categories in the order of <see cref="Categorical"/> (null for a gap).</summary>
    /// <param name="row">How messages name the row, e.g. "Row 3 ('a')".</param>
    /// <exception cref="DatasetFormatException">A gap where the model refuses them, or a category the model never saw; the message names row, column and value.</exception>
    public void EncodeRow(ReadOnlySpan<float> numeric, IReadOnlyList<string?> categories, Span<float> features, string row)
    {
        var numericColumns = Numeric;
        var categoricalColumns = Categorical;
        features.Clear();
        for (int c = 0; c < numericColumns.Length; c++)
            features[c] = float.IsNaN(numeric[c]) ? numericColumns[c].Fill ?? throw Refused(row, numericColumns[c].Name) : numeric[c];
        int offset = numericColumns.Length;
        for (int k = 0; k < categoricalColumns.Length; k++)
        {
            var column = categoricalColumns[k];
            string value = categories[k] ?? column.FillCategory ?? throw Refused(row, column.Name);
            int index = Array.IndexOf(column.Categories!, value);
            if (index < 0)
                throw new DatasetFormatException($"{row}, column '{column.Name}': {DatasetFormatException.Quote(value)} is not a category this model " +
                    $"was trained with ({string.Join(", ", column.Categories!.Take(20).Select(c => $"'{c}'"))}" +
                    $"{(column.Categories!.Length > 20 ? ", ..." : "")}). Send a known category, or leave the cell empty for the fill value.", null, column.Name);
            features[offset + index] = 1f;
            offset += column.Categories!.Length;
        }
    }

    /// <summary>A raw numeric cell as the CSV upload reads it: invariant culture, finite; empty or blank is a gap (NaN).</summary>
    public static bool TryParseNumber(string? text, out float value)
    {
        value = float.NaN;
        if (string.IsNullOrWhiteSpace(text)) return true;
        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static TablePreprocessing FromJson(string json) => TableEncoding.FromJson<TablePreprocessing>(json);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static DatasetFormatException RefusedGap(MissingCell cell) => new(
        $"{cell}: the value is missing, and the job refuses missing values (training.missingValues refuse). Choose mean " +
        "or median to fill the gaps, or upload the file again with its gaps filled.", cell.Line, cell.Column);

    private static DatasetFormatException Refused(string row, string column) => new(
        $"{row}, column '{column}': the value is missing, and this model fills no gaps (its job refused missing values).", null, column);
}
