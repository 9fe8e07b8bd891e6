namespace WebClustering.Core.Datasets;

/// <summary>What a CSV column is used for.</summary>
internal enum CsvRole { Number, Category, Id, Label, Step }

/// <summary>Which header names play which role; every other column is a numeric feature.</summary>
internal sealed record CsvColumnRoles(string? Id, string? Label, string? Step = null, IReadOnlyCollection<string>? Categorical = null)
{
    public static CsvColumnRoles From(CsvReadOptions options) =>
        new(options.IdColumn, options.LabelColumn, null,
            [.. (options.CategoricalColumns ?? []).Select(n => n.Trim()).Distinct(StringComparer.Ordinal)]);
}

/// <summary>The header line's column names and the role of each column.</summary>
internal sealed class CsvHeader
{
    // Wide files would otherwise turn a "column not found" message into a wall of names.
    private const int MaxNamesListed = 30;

    private CsvHeader(string[] names, CsvRole[] roles)
    {
        Names = names;
        Roles = roles;
        IdIndex = Array.IndexOf(roles, CsvRole.Id);
        LabelIndex = Array.IndexOf(roles, CsvRole.Label);
        StepIndex = Array.IndexOf(roles, CsvRole.Step);
        FeatureNames = names.Where((_, i) => roles[i] == CsvRole.Number).ToArray();
        CategoricalNames = names.Where((_, i) => roles[i] == CsvRole.Category).ToArray();
    }

    /// <summary>Every column name, trimmed, in file order.</summary>
    public string[] Names { get; }

    /// <summary>The role of each column, in file order.</summary>
    public CsvRole[] Roles { get; }

    /// <summary>Index of the id column, or -1.</summary>
    public int IdIndex { get; }

    /// <summary>Index of the label column, or -1.</summary>
    public int LabelIndex { get; }

    /// <summary>Index of the step column (sequences only), or -1.</summary>
    public int StepIndex { get; }

    /// <summary>Names of the numeric feature columns, in file order.</summary>
    public string[] FeatureNames { get; }

    /// <summary>Names of the categorical feature columns, in file order.</summary>
    public string[] CategoricalNames { get; }

    /// <summary>Validates the header record (line 1) and resolves each named column.</summary>
    public static CsvHeader Parse(CsvRecordReader header, CsvColumnRoles wanted)
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

        var roles = new CsvRole[names.Length];
        var roleOf = new Dictionary<string, string>(StringComparer.Ordinal);
        Assign(wanted.Id?.Trim(), CsvRole.Id, "id");
        Assign(wanted.Label?.Trim(), CsvRole.Label, "label");
        Assign(wanted.Step?.Trim(), CsvRole.Step, "step");
        foreach (string categorical in wanted.Categorical ?? [])
            Assign(categorical.Trim(), CsvRole.Category, "categorical");

        var result = new CsvHeader(names, roles);
        if (result.FeatureNames.Length + result.CategoricalNames.Length == 0)
            throw new DatasetFormatException(
                $"The file has no feature columns: every column is used as the id{(wanted.Step is null ? "" : ", the step")} or the label. " +
                "Clustering needs at least one numeric column.");
        return result;

        void Assign(string? name, CsvRole role, string roleName)
        {
            if (name is null)
                return;
            if (!roleOf.TryAdd(name, roleName))
                throw new DatasetFormatException(
                    $"The column '{name}' cannot be both the {roleOf[name]} column and the {roleName} column.", null, name);
            roles[Find(positions, names, name, roleName)] = role;
        }
    }

    private static int Find(Dictionary<string, int> positions, string[] names, string wanted, string role)
    {
        if (positions.TryGetValue(wanted, out int index))
            return index;

        string listed = string.Join(", ", names.Take(MaxNamesListed).Select(n => $"'{n}'"));
        if (names.Length > MaxNamesListed)
            listed += $" and {names.Length - MaxNamesListed} more";
        throw new DatasetFormatException(
            $"The {role} column '{wanted}' is not in the header. The columns are: {listed}.", null, wanted);
    }
}
