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
    public static Scaler Fit(Matrix data, ScalingKind kind)
    {
        var offset = new float[data.Cols];
        var scale = Enumerable.Repeat(1f, data.Cols).ToArray();
        if (kind == ScalingKind.None || data.Rows == 0) return new Scaler(kind, offset, scale);
        if (kind == ScalingKind.Range) return FitRange(data);

        for (int c = 0; c < data.Cols; c++)
        {
            double sum = 0, sumSq = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int r = 0; r < data.Rows; r++)
            {
                double v = data.Values[(long)r * data.Cols + c];
                sum += v; sumSq += v * v;
                if (v < min) min = v;
                if (v > max) max = v;
            }
            double mean = sum / data.Rows;
            double spread = kind == ScalingKind.Standardize
                ? Math.Sqrt(Math.Max(0, sumSq / data.Rows - mean * mean))
                : max - min;
            offset[c] = (float)(kind == ScalingKind.Standardize ? mean : min);
            // A constant column would divide by zero: leave it unscaled (it becomes all zeros after the offset).
            scale[c] = spread > 1e-12 ? (float)spread : 1f;
        }
        return new Scaler(kind, offset, scale);
    }

    private static Scaler FitRange(Matrix data)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in data.Values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        float spread = max - min > 1e-12f ? max - min : 1f;
        return new Scaler(ScalingKind.Range, Enumerable.Repeat(min, data.Cols).ToArray(), Enumerable.Repeat(spread, data.Cols).ToArray());
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
