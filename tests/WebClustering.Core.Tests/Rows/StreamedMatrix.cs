using WebClustering.Core.Rows;

namespace WebClustering.Core.Tests.Rows;

/// <summary>
/// Rows that behave as a streamed source does (not in memory as far as the engine knows): every read is a copy of a
/// range, counted, as the database source's reads are.
/// </summary>
internal sealed class StreamedMatrix(Matrix values) : RowSource
{
    public override int Rows => values.Rows;

    public override int Cols => values.Cols;

    public long RowsRead { get; private set; }

    public int LargestRead { get; private set; }

    public override void Read(int first, int count, Span<float> into)
    {
        RowsRead += count;
        LargestRead = Math.Max(LargestRead, count);
        values.Values.AsSpan(first * Cols, count * Cols).CopyTo(into);
    }
}
