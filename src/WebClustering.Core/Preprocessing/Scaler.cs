using WebClustering.Core.Rows;

namespace WebClustering.Core.Preprocessing;

/// <summary>How each column is scaled before training.</summary>
/// <remarks>Range: one affine map for every column, from the smallest to the largest value of the whole dataset to [0, 1]:
/// columns that share a unit (pixels) keep their relative contrast, where MinMax would blow a near-constant border pixel up
/// to the full range. Stored per column like the others, so model files and exports need nothing new.</remarks>
public enum ScalingKind { None, Standardize, MinMax, Range }

/// <summary>
/// A per-feature affine transform x' = (x - Offset) / Scale, fitted on the training data and saved with the model
/// so that rows encoded later are transformed exactly as the training rows were.
/// </summary>
public sealed record Scaler(ScalingKind Kind, float[] Offset, float[] Scale)
{
    public static Scaler Fit(Matrix data, ScalingKind kind) => Fit(new MatrixRows(data), kind);

    /// <summary>Fits in one pass over the rows, a range at a time: the same numbers whether the rows are in memory or streamed.</summary>
    public static Scaler Fit(RowSource rows, ScalingKind kind)
    {
        int cols = rows.Cols;
        var offset = new float[cols];
        var scale = Enumerable.Repeat(1f, cols).ToArray();
        if (kind == ScalingKind.None || rows.Rows == 0) return new Scaler(kind, offset, scale);

        // Sums in double, each column's in row order, however the rows are read.
        var sum = new double[cols];
        var sumSq = new double[cols];
        var min = Enumerable.Repeat(double.PositiveInfinity, cols).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, cols).ToArray();
        rows.ForEachRange(FitRangeRows, (values, _, count) =>
        {
            var span = values.Span;
            for (int r = 0; r < count; r++)
            {
                var row = span.Slice(r * cols, cols);
                for (int c = 0; c < cols; c++)
                {
                    double v = row[c];
                    sum[c] += v; sumSq[c] += v * v;
                    if (v < min[c]) min[c] = v;
                    if (v > max[c]) max[c] = v;
                }
            }
        });
        if (kind == ScalingKind.Range)
        {
            // One map for every column: the smallest and largest value of the whole dataset.
            float lowest = (float)min.Min(), highest = (float)max.Max();
            float spread = highest - lowest > 1e-12f ? highest - lowest : 1f;
            return new Scaler(ScalingKind.Range, Enumerable.Repeat(lowest, cols).ToArray(), Enumerable.Repeat(spread, cols).ToArray());
        }
        for (int c = 0; c < cols; c++)
        {
            double mean = sum[c] / rows.Rows;
            double spread = kind == ScalingKind.Standardize
                ? Math.Sqrt(Math.Max(0, sumSq[c] / rows.Rows - mean * mean))
                : max[c] - min[c];
            offset[c] = (float)(kind == ScalingKind.Standardize ? mean : min[c]);
            // A constant column would divide by zero: leave it unscaled (it becomes all zeros after the offset).
            scale[c] = spread > 1e-12 ? (float)spread : 1f;
        }
        return new Scaler(kind, offset, scale);
    }

    private const int FitRangeRows = 16_384;

    /// <summary>Scales rows in place (row-major, as many as the span holds).</summary>
    public void ApplyInPlace(Span<float> rows)
    {
        int cols = Offset.Length;
        for (int start = 0; start < rows.Length; start += cols)
        {
            var row = rows.Slice(start, cols);
            for (int c = 0; c < cols; c++) row[c] = (row[c] - Offset[c]) / Scale[c];
        }
    }

    public Matrix Apply(Matrix data)
    {
        if (data.Cols != Offset.Length)
            throw new ArgumentException($"Expected {Offset.Length} features but got {data.Cols}.");
        var result = Matrix.Zeros(data.Rows, data.Cols);
        for (int r = 0; r < data.Rows; r++)
        {
            var source = data.Row(r);
            var target = result.Values.AsSpan(r * data.Cols, data.Cols);
            for (int c = 0; c < data.Cols; c++) target[c] = (source[c] - Offset[c]) / Scale[c];
        }
        return result;
    }
}
