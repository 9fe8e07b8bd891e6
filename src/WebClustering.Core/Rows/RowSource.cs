using System.Buffers;

namespace WebClustering.Core.Rows;

/// <summary>
/// A job's rows, read a range at a time: held in memory (<see cref="MatrixRows"/>) for small sets, or read from the
/// database for sets too large to hold. Training, scaling, encoding and sampling read rows only through this, so
/// one loop serves both, and whatever the source, the same seed gives the same batches.
/// </summary>
/// <remarks>Reads are synchronous: the engine runs on a thread of its own and the loops it drives are synchronous.</remarks>
public abstract class RowSource
{
    /// <summary>Rows a whole pass over a source (scores, assignment, copies) reads at a time: about 2.6 MB at 10 values a row.</summary>
    public const int PassRows = 65_536;

    /// <summary>Rows in the set.</summary>
    public abstract int Rows { get; }

    /// <summary>Values in a row.</summary>
    public abstract int Cols { get; }

    /// <summary>Copies rows [<paramref name="first"/>, first + <paramref name="count"/>) into <paramref name="into"/>, row-major.</summary>
    public abstract void Read(int first, int count, Span<float> into);

    /// <summary>The rows held in memory, when they are; null for a streamed source.</summary>
    public virtual Matrix? InMemory => null;

    /// <summary>Copies one row into <paramref name="into"/>: for random draws (mini-batch k-means) from a source that reads single rows cheaply.</summary>
    public virtual void ReadRow(int index, Span<float> into) => Read(index, 1, into);

    /// <summary>Every row in memory: the held matrix itself, or a copy read range by range.</summary>
    public Matrix ReadAll()
    {
        if (InMemory is { } held) return held;
        var all = Matrix.Zeros(Rows, Cols);
        ForEachRange(PassRows, (values, first, count) => values.Span.CopyTo(all.Values.AsSpan(first * Cols, count * Cols)));
        return all;
    }

    /// <summary>The given rows (ascending indices): a sample, say. Here read in ranges; a source that can fetch rows by index does.</summary>
    public virtual Matrix ReadRows(IReadOnlyList<int> indices)
    {
        const int rangeRows = 16_384;
        var result = Matrix.Zeros(indices.Count, Cols);
        if (InMemory is { } all)
        {
            for (int i = 0; i < indices.Count; i++) all.Row(indices[i]).CopyTo(result.Values.AsSpan(i * Cols, Cols));
            return result;
        }
        var range = new float[(long)rangeRows * Cols];
        for (int i = 0; i < indices.Count;)
        {
            int first = indices[i], count = Math.Min(rangeRows, Rows - first);
            Read(first, count, range);
            for (; i < indices.Count && indices[i] < first + count; i++)
                range.AsSpan((indices[i] - first) * Cols, Cols).CopyTo(result.Values.AsSpan(i * Cols, Cols));
        }
        return result;
    }

    /// <summary>Calls <paramref name="body"/> with each range of rows in order (values, first row, row count).</summary>
    public void ForEachRange(int rangeRows, Action<ReadOnlyMemory<float>, int, int> body)
    {
        if (InMemory is { } all)
        {
            for (int first = 0; first < Rows; first += rangeRows)
            {
                int count = Math.Min(rangeRows, Rows - first);
                body(all.Values.AsMemory(first * Cols, count * Cols), first, count);
            }
            return;
        }
        // Pooled: the passes over a streamed set's millions of rows (clustering, scores) each want one of these.
        var buffer = ArrayPool<float>.Shared.Rent(Math.Min(rangeRows, Math.Max(Rows, 1)) * Cols);
        try
        {
            for (int first = 0; first < Rows; first += rangeRows)
            {
                int count = Math.Min(rangeRows, Rows - first);
                Read(first, count, buffer);
                body(buffer.AsMemory(0, count * Cols), first, count);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}

/// <summary>Rows held in memory.</summary>
public sealed class MatrixRows(Matrix values) : RowSource
{
    public override int Rows => values.Rows;

    public override int Cols => values.Cols;

    public override Matrix InMemory => values;

    public override void Read(int first, int count, Span<float> into) =>
        values.Values.AsSpan(first * Cols, count * Cols).CopyTo(into);

    public override void ReadRow(int index, Span<float> into) => values.Row(index).CopyTo(into);
}
