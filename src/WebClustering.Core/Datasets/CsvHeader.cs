namespace WebClustering.Core.Datasets;

/// <summary>The header line's column names and the role of each column: id, label or feature.</summary>
internal sealed class CsvHeader
{
    // Wide files would otherwise turn a "column not found" message into a wall of names.
    private const int MaxNamesListed = 30;

    private CsvHeader(string[] names, int idIndex, int labelIndex)
    {
        Names = names;
        IdIndex = idIndex;
        LabelIndex = labelIndex;
        FeatureNames = names.Where((_, i) => i != idIndex && i != labelIndex).ToArray();
    }

    /// <summary>Every column name, trimmed, in file order.</summary>
    public string[] Names { get; }

    /// <summary>Index of the id column, or -1.</summary>
    public int IdIndex { get; }

    /// <summary>Index of the label column, or -1.</summary>
    public int LabelIndex { get; }

    /// <summary>Names of the columns that are neither id nor label, in file order.</summary>
    public string[] FeatureNames { get; }

    /// <summary>Validates the header record (line 1) and resolves the id and label columns.</summary>
    public static CsvHeader Parse(CsvRecordReader header, CsvReadOptions options)
    {
        var names = new string[header.FieldCount];
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            // Spaces around names are formatting ("a, b, c"), not part of the name.
            string name = header[i].Trim().ToString();
            if (name.Length == 0)
                throw DatasetFormatException.At(1, null,
                    $"column {i + 1} has no name. Every column needs a name in the header.");
            if (!positions.TryAdd(name, i))
                throw DatasetFormatException.At(1, name,
                    $"the name '{name}' is used by both column {positions[name] + 1} and column {i + 1}. Column names must be unique.");
            names[i] = name;
        }

        string? idName = options.IdColumn?.Trim();
        string? labelName = options.LabelColumn?.Trim();
        if (idName is not null && idName == labelName)
            throw new DatasetFormatException(
                $"The column '{idName}' cannot be both the id column and the label column.", null, idName);

        int idIndex = Find(positions, names, idName, "id");
        int labelIndex = Find(positions, names, labelName, "label");
        var result = new CsvHeader(names, idIndex, labelIndex);
        if (result.FeatureNames.Length == 0)
            throw new DatasetFormatException(
                "The file has no feature columns: every column is used as the id or the label. " +
                "Clustering needs at least one numeric column.");
        return result;
    }

    private static int Find(Dictionary<string, int> positions, string[] names, string? wanted, string role)
    {
        if (wanted is null)
            return -1;
        if (positions.TryGetValue(wanted, out int index))
            return index;

        string listed = string.Join(", ", names.Take(MaxNamesListed).Select(n => $"'{n}'"));
        if (names.Length > MaxNamesListed)
            listed += $" and {names.Length - MaxNamesListed} more";
        throw new DatasetFormatException(
            $"The {role} column '{wanted}' is not in the header. The columns are: {listed}.", null, wanted);
    }
}
