namespace WebClustering.Core.Datasets;

/// <summary>
/// Append-only float storage in fixed-size chunks. Unlike List&lt;float&gt;, growing never copies
/// what is already stored, so a million-row file peaks at about twice its final size rather than three times.
/// </summary>
internal sealed class FloatChunkList
{
    private const int ChunkSize = 1 << 16;

    private readonly List<float[]> _chunks = [];
    private float[] _current = new float[ChunkSize];
    private int _used;

    public FloatChunkList() => _chunks.Add(_current);

    public long Count { get; private set; }

    public void Add(float value)
    {
        if (_used == _current.Length)
        {
            _current = new float[ChunkSize];
            _chunks.Add(_current);
            _used = 0;
        }
        _current[_used++] = value;
        Count++;
    }

    public void AddRange(ReadOnlySpan<float> values)
    {
        while (!values.IsEmpty)
        {
            if (_used == _current.Length)
            {
                _current = new float[ChunkSize];
                _chunks.Add(_current);
                _used = 0;
            }
            int take = Math.Min(values.Length, _current.Length - _used);
            values[..take].CopyTo(_current.AsSpan(_used));
            _used += take;
            Count += take;
            values = values[take..];
        }
    }

    public float[] ToArray()
    {
        // Every element is overwritten below, so skip zeroing a possibly very large array.
        float[] result = GC.AllocateUninitializedArray<float>(checked((int)Count));
        long offset = 0;
        foreach (float[] chunk in _chunks)
        {
            int take = (int)Math.Min(chunk.Length, Count - offset);
            chunk.AsSpan(0, take).CopyTo(result.AsSpan((int)offset));
            offset += take;
        }
        return result;
    }
}
