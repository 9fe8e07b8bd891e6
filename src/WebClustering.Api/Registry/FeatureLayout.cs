using WebClustering.Api.Datasets;
using WebClustering.Core.Preprocessing;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Registry;

/// <summary>A raw CSV column as a layout sees it: what it is and, when categorical, its one-hot categories in order.</summary>
public sealed record LayoutColumn(string Name, TableColumnKind Kind, IReadOnlyList<string>? Categories);

/// <summary>
/// What a model's input columns are, or what a dataset's rows would give it: the item kind and shape, the feature
/// names in order and, for CSV tables, the raw columns with their categorical encoding. The one check of whether a
/// dataset can go through a model trained on another one, shared by everything that puts a model to other data
/// (fine-tuning with training.initFrom; the encoding jobs of a model's catalogue).
/// </summary>
public sealed record FeatureLayout(string Kind, IReadOnlyList<int> ItemShape, IReadOnlyList<string> FeatureNames, IReadOnlyList<LayoutColumn>? RawColumns)
{
    /// <summary>What a dataset's rows are.</summary>
    public static FeatureLayout Of(DatasetRecord dataset) => new(dataset.Kind, dataset.ItemShape, dataset.FeatureNames,
        dataset.TableEncoding()?.Columns.Select(c => new LayoutColumn(c.Name, c.Kind, c.Categories)).ToList());

    /// <summary>What a model takes: its dataset's layout, with the raw columns as its fitted preprocessing kept them.</summary>
    public static FeatureLayout Of(ModelRecord model, DatasetRecord trainedOn)
    {
        var layout = Of(trainedOn);
        var table = model.PreprocessingJson is { } json ? FittedPreprocessing.FromJson(json).Table : null;
        return table is null ? layout : layout with { RawColumns = [.. table.Columns.Select(c => new LayoutColumn(c.Name, c.Kind, c.Categories))] };
    }

    /// <summary>
    /// Null when a dataset of this layout fits a model of <paramref name="model"/>'s; otherwise the first difference,
    /// naming the first column that differs (by position, from 1, and name), in the dataset's words.
    /// </summary>
    public string? FirstDifference(FeatureLayout model)
    {
        if (Kind != model.Kind) return $"The dataset holds {Kind}; the model was trained on {model.Kind}.";
        // A table's raw columns first: they say why its features differ (another category, a column more) better than
        // its width or its one-hot feature names do.
        if (RawColumns is { } ours && model.RawColumns is { } theirs && ColumnDifference(ours, theirs) is { } column) return column;
        if (!ItemShape.SequenceEqual(model.ItemShape))
            return $"The dataset's items have shape [{string.Join(", ", ItemShape)}]; the model's have [{string.Join(", ", model.ItemShape)}].";
        for (int i = 0; i < Math.Max(FeatureNames.Count, model.FeatureNames.Count); i++)
        {
            string? mine = i < FeatureNames.Count ? FeatureNames[i] : null, other = i < model.FeatureNames.Count ? model.FeatureNames[i] : null;
            if (mine == other) continue;
            return mine is null ? $"Feature {i + 1} ('{other}'): the model takes it; the dataset stops at {FeatureNames.Count} features."
                : other is null ? $"Feature {i + 1} ('{mine}'): the dataset has it; the model takes {model.FeatureNames.Count} features."
                : $"Feature {i + 1}: the dataset has '{mine}' where the model has '{other}' (features must come in the model's order).";
        }
        return null;
    }

    private static string? ColumnDifference(IReadOnlyList<LayoutColumn> ours, IReadOnlyList<LayoutColumn> theirs)
    {
        for (int i = 0; i < Math.Max(ours.Count, theirs.Count); i++)
        {
            var (mine, other) = (i < ours.Count ? ours[i] : null, i < theirs.Count ? theirs[i] : null);
            if (mine is null) return $"Column {i + 1} ('{other!.Name}'): the model takes it; the dataset has no such column.";
            if (other is null) return $"Column {i + 1} ('{mine.Name}'): the dataset has it; the model takes {theirs.Count} columns.";
            if (mine.Name != other.Name) return $"Column {i + 1}: the dataset has '{mine.Name}' where the model has '{other.Name}'.";
            if (mine.Kind != other.Kind)
                return $"Column {i + 1} ('{mine.Name}'): {Describe(mine.Kind)} in the dataset, {Describe(other.Kind)} in the model.";
            if (!(mine.Categories ?? []).SequenceEqual(other.Categories ?? []))
                return $"Column {i + 1} ('{mine.Name}'): the dataset's categories are [{string.Join(", ", mine.Categories ?? [])}], " +
                    $"the model's [{string.Join(", ", other.Categories ?? [])}]; its one-hot features must match one for one.";
        }
        return null;
    }

    private static string Describe(TableColumnKind kind) => kind == TableColumnKind.Categorical ? "categorical" : "numeric";
}
