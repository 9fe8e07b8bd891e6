namespace WebClustering.Core.Datasets;

/// <summary>
/// Returns one shared string per distinct label. Labels repeat a few class names over up to
/// millions of rows, so sharing saves a string allocation per row.
/// </summary>
internal sealed class LabelPool
{
    // Past this many distinct values the column is not a few classes; stop pooling to bound the dictionary.
    private const int MaxPooled = 10_000;

    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public LabelPool() => _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out string? shared))
            return shared;
        string label = text.ToString();
        if (_pool.Count < MaxPooled)
            _pool.Add(label, label);
        return label;
    }
}
