namespace WebClustering.Core.Datasets;

/// <summary>
/// Any dataset the service can train on, whatever file it came from: <see cref="Rows"/> items of one fixed
/// <see cref="ItemShape"/>, each flattened row-major into <see cref="Features"/>. Models see a matrix of
/// Rows x <see cref="ItemSize"/>; the kind and shape say how to fold a row back (e.g. for a convolutional model).
/// </summary>
/// <remarks>
/// Values are stored as read, not rescaled: image pixels stay 0..255. Scaling is a per-job preprocessing choice
/// (<see cref="Preprocessing.Scaler"/>, fitted by the job and saved with its model), and must be replayed identically on new data.
/// </remarks>
public sealed class Dataset
{
    /// <summary>Wraps the arrays without copying, after checking that their sizes agree.</summary>
    /// <exception cref="ArgumentException">The sizes disagree, or the shape does not fit the kind.</exception>
    public Dataset(DatasetKind kind, IReadOnlyList<int> itemShape, float[] features, string[] ids,
        string[]? labels = null, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(itemShape);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(ids);
        if (itemShape.Count != kind.ItemRank())
            throw new ArgumentException(
                $"A {kind.ToName()} item has {kind.ItemRank()} dimensions, but the shape has {itemShape.Count}.", nameof(itemShape));
        long itemSize = 1;
        foreach (int dim in itemShape)
        {
            if (dim < 1)
                throw new ArgumentException($"Every dimension must be at least 1 (shape [{string.Join(", ", itemShape)}]).", nameof(itemShape));
            itemSize *= dim;
            if (itemSize > Array.MaxLength)
                throw new ArgumentException("One item has more values than an array can hold.", nameof(itemShape));
        }
        if ((long)ids.Length * itemSize != features.Length)
            throw new ArgumentException(
                $"Features has {features.Length} values but {ids.Length} items x {itemSize} = {ids.Length * itemSize} were expected.",
                nameof(features));
        if (labels is not null && labels.Length != ids.Length)
            throw new ArgumentException($"There are {labels.Length} labels for {ids.Length} items.", nameof(labels));
        // Names label the last axis: a table's columns, or the features measured at every step of a sequence.
        if (featureNames is not null && featureNames.Count != itemShape[^1])
            throw new ArgumentException(
                $"There are {featureNames.Count} feature names for a last dimension of {itemShape[^1]}.", nameof(featureNames));

        Kind = kind;
        ItemShape = itemShape.ToArray().AsReadOnly();
        ItemSize = (int)itemSize;
        Features = features;
        Ids = ids;
        Labels = labels;
        FeatureNames = featureNames;
    }

    /// <summary>Table, images or sequences.</summary>
    public DatasetKind Kind { get; }

    /// <summary>Table: [F]; images: [C, H, W]; sequences: [T, F].</summary>
    public IReadOnlyList<int> ItemShape { get; }

    /// <summary>Values per item: the product of <see cref="ItemShape"/>.</summary>
    public int ItemSize { get; }

    /// <summary>Number of items.</summary>
    public int Rows => Ids.Length;

    /// <summary>Row-major values: item r's values are <c>Features[r * ItemSize .. (r + 1) * ItemSize)</c>.</summary>
    public float[] Features { get; }

    /// <summary>One unique id per item (row numbers "0", "1", ... when the file names none).</summary>
    public string[] Ids { get; }

    /// <summary>One known class label per item, or null when the file has none. Used for scoring only.</summary>
    public string[]? Labels { get; }

    /// <summary>Names along the last axis (table columns, or per-step features of a sequence); null where the format has none.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>The features as a Rows x ItemSize matrix, sharing the array.</summary>
    public Matrix ToMatrix() => new(Features, Rows, ItemSize);
}
