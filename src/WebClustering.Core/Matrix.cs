namespace WebClustering.Core;

/// <summary>A dense row-major matrix of single-precision values: the shape every dataset and latent space takes.</summary>
public sealed record Matrix(float[] Values, int Rows, int Cols)
{
    public ReadOnlySpan<float> Row(int i) => Values.AsSpan(i * Cols, Cols);

    public static Matrix Zeros(int rows, int cols) => new(new float[(long)rows * cols], rows, cols);

    /// <summary>Copies the given rows, in order, into a new matrix.</summary>
    public Matrix SelectRows(IReadOnlyList<int> rows)
    {
        var result = Zeros(rows.Count, Cols);
        for (int i = 0; i < rows.Count; i++)
            Row(rows[i]).CopyTo(result.Values.AsSpan(i * Cols, Cols));
        return result;
    }
}
