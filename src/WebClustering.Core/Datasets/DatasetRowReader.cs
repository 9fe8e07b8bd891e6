using System.Globalization;

namespace WebClustering.Core.Datasets;

/// <summary>
/// Reads a dataset one item at a time. An upload is stored while it is parsed this way, so the memory it takes does
/// not grow with the file; <see cref="ReadAll"/> gathers the items into a <see cref="Dataset"/> for callers that
/// want them all. The layout (kind, shape, names) is known as soon as the reader is open; every check that needs
/// the whole file (a truncated payload, data past its declared end) fails in <see cref="Read"/>, at the latest when it
/// returns false.
/// </summary>
public abstract class DatasetRowReader : IDisposable
{
    protected DatasetRowReader(DatasetKind kind, IReadOnlyList<int> itemShape, IReadOnlyList<string>? featureNames, bool hasLabels)
    {
        Kind = kind;
        ItemShape = [.. itemShape];
        ItemSize = checked(itemShape.Aggregate(1, (size, dim) => size * dim));
        FeatureNames = featureNames;
        HasLabels = hasLabels;
    }

    /// <summary>Table, images or sequences.</summary>
    public DatasetKind Kind { get; }

    /// <summary>One item's shape, as in <see cref="Dataset.ItemShape"/>.</summary>
    public IReadOnlyList<int> ItemShape { get; }

    /// <summary>Values per item.</summary>
    public int ItemSize { get; }

    /// <summary>Names along the last axis, or null where the format has none.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>True when every item comes with a label.</summary>
    public bool HasLabels { get; }

    /// <summary>Items read so far.</summary>
    public int RowsRead { get; private set; }

    /// <summary>The number of items, when the file's header says it up front; null otherwise.</summary>
    public virtual int? DeclaredRows => null;

    /// <summary>Reads the next item into <paramref name="item"/> (<see cref="ItemSize"/> values); false after the last.</summary>
    /// <exception cref="DatasetFormatException">The file cannot be used; the message says why and where.</exception>
    public bool Read(Span<float> item, out string id, out string? label)
    {
        if (item.Length != ItemSize)
            throw new ArgumentException($"The item buffer holds {item.Length} values; an item has {ItemSize}.", nameof(item));
        if (!ReadItem(item, out id, out label))
            return false;
        RowsRead++;
        return true;
    }

    /// <summary>Reads one item, the <see cref="RowsRead"/>-th; false at the end of the data.</summary>
    protected abstract bool ReadItem(Span<float> item, out string id, out string? label);

    /// <summary>Reads every remaining item into memory.</summary>
    /// <param name="maxValues">Most values accepted in all, so that one file cannot exhaust memory.</param>
    public Dataset ReadAll(long maxValues = long.MaxValue)
    {
        var values = new FloatChunkList();
        var ids = DeclaredRows is { } declared ? new List<string>(declared) : [];
        var labels = HasLabels ? new List<string>(ids.Capacity) : null;
        var item = new float[ItemSize];
        while (Read(item, out string id, out string? label))
        {
            if (values.Count + ItemSize > Math.Min(maxValues, Array.MaxLength))
                throw new DatasetFormatException(
                    $"The dataset has more than {Math.Min(maxValues, Array.MaxLength)} values, the most accepted.");
            values.AddRange(item);
            ids.Add(id);
            labels?.Add(label!);
        }
        return new Dataset(Kind, ItemShape, values.ToArray(), [.. ids], labels?.ToArray(), FeatureNames);
    }

    /// <summary>The id given to the item at <paramref name="row"/> by formats without ids: "0", "1", ...</summary>
    protected static string RowNumber(int row) => row.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }
}
