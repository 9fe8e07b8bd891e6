using WebClustering.Core.Preprocessing;

namespace WebClustering.Core.Rows;

/// <summary>
/// Stored rows as the model takes them, prepared range by range as they are read: gaps filled with the table's
/// fills, then the scaler applied. A streamed job's rows are never all in memory, so they are never prepared all at
/// once either; the same rows in memory get the same values (the same float operations in the same order).
/// </summary>
public sealed class PreparedRows(RowSource raw, TablePreprocessing? table = null, Scaler? scaler = null) : RowSource
{
    public override int Rows => raw.Rows;

    public override int Cols => raw.Cols;

    public override void Read(int first, int count, Span<float> into)
    {
        raw.Read(first, count, into);
        var rows = into[..(count * Cols)];
        Prepare(rows);
    }

    public override Matrix ReadRows(IReadOnlyList<int> indices)
    {
        var rows = raw.ReadRows(indices);
        Prepare(rows.Values);
        return rows;
    }

    private void Prepare(Span<float> rows)
    {
        table?.Impute(rows);
        scaler?.ApplyInPlace(rows);
    }
}
