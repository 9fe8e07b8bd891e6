using System.Text.Json;
using System.Text.Json.Serialization;
using WebClustering.Core.Datasets;

namespace WebClustering.Core.Preprocessing;

/// <summary>What a raw CSV column is to the model.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TableColumnKind>))]
public enum TableColumnKind
{
    /// <summary>One feature holding the number.</summary>
    [JsonStringEnumMemberName("numeric")] Numeric,

    /// <summary>One feature per category, named "column=category", 1 for the row's category and 0 for the others.</summary>
    [JsonStringEnumMemberName("categorical")] Categorical,
}

/// <summary>One raw feature column of a CSV table, as its upload found it.</summary>
/// <param name="Name">The header's name.</param>
/// <param name="Kind">numeric or categorical.</param>
/// <param name="Categories">Categorical: the categories in ordinal order, the order of the column's one-hot features.</param>
/// <param name="MostFrequent">Categorical: the most frequent category (the first in order on a tie), which fills a gap.</param>
/// <param name="Mean">Numeric: the mean of the present cells; null when the upload did not read the column ahead of its rows.</param>
/// <param name="Median">Numeric: the exact median of the present cells; null unless the upload was missingValues keep or median.</param>
public sealed record TableColumn(
    string Name,
    TableColumnKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? Categories = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MostFrequent = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? Mean = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? Median = null);

/// <summary>Where a table's first empty cell is.</summary>
/// <param name="Line">The line in the file, counting the header as line 1.</param>
/// <param name="ItemId">The row's id (its 0-based row number when the file has no id column).</param>
/// <param name="Column">The column's name.</param>
public sealed record MissingCell(long Line, string ItemId, string Column)
{
    public override string ToString() =>
        $"Line {Line} (counting the header as line 1), row {DatasetFormatException.Quote(ItemId)}, column '{Column}'";
}

/// <summary>
/// How a CSV table became a dataset's features, recorded at upload: the raw columns in file order, each numeric or
/// categorical, with what the upload learned of them. Features are the numeric columns in file order, then each
/// categorical column's one-hot block ("column=category") in file order.
/// </summary>
/// <param name="Missing">What the upload did with empty cells: refused them, filled them (mean, median) or kept them as NaN (keep).</param>
/// <param name="FirstMissing">The first empty cell of the file, when it has one (with refuse it cannot).</param>
public sealed record TableEncoding(MissingValueStrategy Missing, IReadOnlyList<TableColumn> Columns, MissingCell? FirstMissing = null)
{
    // camelCase like the rest of the API; enums carry their own names.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [JsonIgnore]
    public IReadOnlyList<string> FeatureNames =>
    [
        .. Columns.Where(c => c.Kind == TableColumnKind.Numeric).Select(c => c.Name),
        .. Columns.Where(c => c.Kind == TableColumnKind.Categorical).SelectMany(c => c.Categories!.Select(k => $"{c.Name}={k}")),
    ];

    /// <summary>True when the stored rows hold NaN for empty cells, which a job must fill or refuse.</summary>
    [JsonIgnore]
    public bool HasKeptGaps => Missing == MissingValueStrategy.Keep && FirstMissing is not null;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static T FromJson<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException($"The {typeof(T).Name} JSON is empty.");
}
