using System.Text.Json.Serialization;
using WebClustering.Core.Datasets;

namespace WebClustering.Core.Preprocessing;

/// <summary>
/// Everything a job learned from its training data to turn raw rows into model inputs: fill values for missing
/// cells, the categories of each categorical column, and the scaler. Saved as JSON next to the model
/// (<see cref="PreprocessingJson"/>) so rows encoded later go through exactly the same steps:
/// impute, then one-hot encode (numeric columns first, then each categorical column's block), then scale.
/// </summary>
/// <param name="Version">Format version of this record's JSON.</param>
/// <param name="NumericWidth">Numeric values per item before encoding (table columns, or all values of an image or sequence).</param>
/// <param name="NumericColumns">Names of the numeric table columns, matched by name in new data; null when fitted on a non-table dataset.</param>
/// <param name="Missing">How missing values are handled.</param>
/// <param name="FillValues">Per numeric column, the value that replaces a missing one; null when missing values are refused.</param>
/// <param name="Categorical">One-hot encodings, in file order of their columns.</param>
/// <param name="Scaler">The scaling fitted on the imputed, encoded training data.</param>
public sealed record FittedPreprocessing(
    int Version,
    int NumericWidth,
    string[]? NumericColumns,
    MissingValueStrategy Missing,
    float[]? FillValues,
    CategoricalEncoding[] Categorical,
    Scaler Scaler)
{
    public const int CurrentVersion = 1;

    /// <summary>Width of the model input: numeric values plus one per category.</summary>
    [JsonIgnore]
    public int OutputWidth => NumericWidth + Categorical.Sum(c => c.Categories.Length);

    /// <summary>Names of the model's input features, e.g. "height", "colour=red"; null when fitted on a non-table dataset.</summary>
    [JsonIgnore]
    public IReadOnlyList<string>? OutputFeatureNames => NumericColumns is null ? null
        : [.. NumericColumns, .. Categorical.SelectMany(c => c.Categories.Select(k => $"{c.Column}={k}"))];

    /// <summary>Fits imputation, one-hot encoding and scaling on a CSV table.</summary>
    /// <exception cref="DatasetFormatException">A value is missing and the job refuses them, or a column cannot be fitted.</exception>
    public static FittedPreprocessing Fit(TabularData table, PreprocessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        float[]? fill = FitFill(table.Features, table.Rows, table.Cols, [.. table.FeatureNames], table.Ids, options.Missing);
        var encodings = table.Categorical.Select(column => FitEncoding(column, table.Ids, options)).ToArray();
        var unscaled = new FittedPreprocessing(CurrentVersion, table.Cols, [.. table.FeatureNames], options.Missing, fill,
            encodings, new Scaler(ScalingKind.None, [], []));
        var encoded = TableEncoding.Encode(unscaled, table);
        return unscaled with { Scaler = Scaler.Fit(encoded, options.Scaling) };
    }

    /// <summary>Fits imputation and scaling on any dataset, e.g. images, each value position being a feature.</summary>
    public static FittedPreprocessing Fit(Dataset data, PreprocessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        string[] names = [.. Enumerable.Range(0, data.ItemSize).Select(i => $"value {i}")];
        float[]? fill = FitFill(data.Features, data.Rows, data.ItemSize, names, data.Ids, options.Missing);
        var unscaled = new FittedPreprocessing(CurrentVersion, data.ItemSize, null, options.Missing, fill, [],
            new Scaler(ScalingKind.None, [], []));
        var imputed = unscaled.Impute(data.Features, names, data.Ids);
        return unscaled with { Scaler = Scaler.Fit(new Matrix(imputed, data.Rows, data.ItemSize), options.Scaling) };
    }

    /// <summary>Turns table rows (training or new ones, columns matched by name) into the model's input matrix.</summary>
    /// <exception cref="DatasetFormatException">A column the model needs is absent, or a refused value is missing.</exception>
    public Matrix Apply(TabularData table) => Scaler.Apply(TableEncoding.Encode(this, table));

    /// <summary>Turns a non-table dataset (or an all-numeric table) into the model's input matrix.</summary>
    public Matrix Apply(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Categorical.Length > 0)
            throw new InvalidOperationException("This preprocessing one-hot encodes categorical columns; apply it to a TabularData.");
        if (data.ItemSize != NumericWidth)
            throw new DatasetFormatException(
                $"The data has {data.ItemSize} values per item, but the model was trained on {NumericWidth}.");
        string[] names = NumericColumns ?? [.. Enumerable.Range(0, data.ItemSize).Select(i => $"value {i}")];
        return Scaler.Apply(new Matrix(Impute(data.Features, names, data.Ids), data.Rows, data.ItemSize));
    }

    /// <summary>The table as a model-ready table dataset: encoded features named like "colour=red", ids and labels kept.</summary>
    public Dataset Transform(TabularData table)
    {
        var input = Apply(table);
        return new Dataset(DatasetKind.Table, [input.Cols], input.Values, table.Ids, table.Labels, OutputFeatureNames);
    }

    /// <summary>The options to read a new CSV file with so that it matches this preprocessing.</summary>
    public CsvReadOptions CsvOptionsFor(CsvReadOptions options) => options with
    {
        AllowMissingValues = Missing != MissingValueStrategy.Refuse,
        CategoricalColumns = [.. Categorical.Select(c => c.Column)],
        AllNonNumericAsCategorical = false,
    };

    /// <summary>Copies the values, replacing NaN with the column's fill value (or refusing it).</summary>
    internal float[] Impute(float[] values, string[] names, string[] ids)
    {
        var result = (float[])values.Clone();
        for (long i = 0; i < result.Length; i++)
        {
            if (!float.IsNaN(result[i])) continue;
            int column = (int)(i % NumericWidth);
            result[i] = FillValues?[column] ?? throw MissingValue(ids[i / NumericWidth], names[column]);
        }
        return result;
    }

    internal static DatasetFormatException MissingValue(string id, string column) => new(
        $"Row {DatasetFormatException.Quote(id)}, column '{column}': the value is missing, and this job does not fill in " +
        "missing values (choose imputation by mean or median).", null, column);

    private static float[]? FitFill(float[] values, int rows, int cols, string[] names, string[] ids, MissingValueStrategy missing)
    {
        if (missing == MissingValueStrategy.Refuse)
        {
            int at = Array.FindIndex(values, float.IsNaN);
            if (at >= 0) throw MissingValue(ids[at / cols], names[at % cols]);
            return null;
        }
        float[] fill = Imputation.FitNumeric(values, rows, cols, missing);
        int empty = Array.FindIndex(fill, float.IsNaN);
        if (empty >= 0)
            throw new DatasetFormatException($"The column '{names[empty]}' has no values at all, so there is nothing to fill its gaps with.", null, names[empty]);
        return fill;
    }

    private static CategoricalEncoding FitEncoding(CategoricalColumn column, string[] ids, PreprocessingOptions options)
    {
        var (categories, mode) = Imputation.FitCategories(column.Values);
        if (categories.Length == 0)
            throw new DatasetFormatException($"The categorical column '{column.Name}' has no values at all.", null, column.Name);
        if (categories.Length > options.MaxCategories)
            throw new DatasetFormatException(
                $"The categorical column '{column.Name}' has {categories.Length} distinct values; at most {options.MaxCategories} " +
                "can be one-hot encoded. Is it an id or free-text column?", null, column.Name);
        if (options.Missing == MissingValueStrategy.Refuse)
        {
            int at = Array.IndexOf(column.Values, null);
            if (at >= 0) throw MissingValue(ids[at], column.Name);
        }
        return new CategoricalEncoding(column.Name, categories, options.Missing == MissingValueStrategy.Refuse ? null : mode);
    }
}
