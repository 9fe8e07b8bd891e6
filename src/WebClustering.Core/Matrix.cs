namespace WebClustering.Core;

/// <summary>
/// Dense row-major float32 matrix: row <c>i</c> occupies <c>Values[i * Cols .. (i + 1) * Cols)</c>.
/// </summary>
/// <remarks>
/// float32 halves memory and doubles SIMD width compared with double; every aggregate derived from it
/// (inertia, metric sums) is accumulated in double, so rounding error stays per element.
/// The array is shared, not copied: callers must not mutate it while an algorithm is reading it.
/// </remarks>
public sealed class Matrix
{
    /// <summary>Wraps <paramref name="values"/> (length must equal rows * cols) without copying.</summary>
    public Matrix(float[] values, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (rows < 0)
            throw new ArgumentException($"Rows must be non-negative (got {rows}).", nameof(rows));
        if (cols < 1)
            throw new ArgumentException($"Cols must be at least 1 (got {cols}).", nameof(cols));
        if ((long)rows * cols != values.Length)
            throw new ArgumentException(
                $"Values has {values.Length} elements but {rows} x {cols} = {(long)rows * cols} were expected.",
                nameof(values));
        Values = values;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>Row-major backing storage.</summary>
    public float[] Values { get; }

    /// <summary>Number of rows (samples).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (features).</summary>
    public int Cols { get; }

    /// <summary>Element at (<paramref name="row"/>, <paramref name="col"/>).</summary>
    public float this[int row, int col] => Row(row)[col];

    /// <summary>View of one row without copying.</summary>
    public ReadOnlySpan<float> Row(int i)
    {
        if ((uint)i >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(i), i, $"Row index must be in [0, {Rows}).");
        return new ReadOnlySpan<float>(Values, i * Cols, Cols);
    }

    /// <summary>A new matrix of zeros.</summary>
    public static Matrix Zeros(int rows, int cols) => new(new float[(long)rows * cols], rows, cols);

    /// <summary>Copies equally long rows into a new matrix (convenience for small inputs and tests).</summary>
    public static Matrix FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            throw new ArgumentException("At least one row is needed to know the column count.", nameof(rows));
        int cols = rows[0].Length;
        var values = new float[rows.Count * cols];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != cols)
                throw new ArgumentException($"Row {i} has {rows[i].Length} values; row 0 has {cols}.", nameof(rows));
            rows[i].CopyTo(values, i * cols);
        }
        return new Matrix(values, rows.Count, cols);
    }

    /// <summary>Copies the given rows, in the given order, into a new matrix.</summary>
    public Matrix SelectRows(IReadOnlyList<int> rows)
    {
        var values = new float[(long)rows.Count * Cols];
        for (int i = 0; i < rows.Count; i++) Row(rows[i]).CopyTo(values.AsSpan(i * Cols, Cols));
        return new Matrix(values, rows.Count, Cols);
    }
}
