namespace WebClustering.Core.Projection;

/// <summary>The leading principal components of a matrix and the rows projected onto them.</summary>
/// <param name="Projected">Rows × components, centred scores.</param>
/// <param name="Components">Unit directions, one per row (components × input columns).</param>
/// <param name="ExplainedVariance">Variance along each component, largest first.</param>
/// <param name="TotalVariance">Sum of the input columns' variances, so ratios can be reported.</param>
public sealed record PcaResult(Matrix Projected, Matrix Components, double[] ExplainedVariance, double TotalVariance)
{
    /// <summary>Share of the total variance each component keeps.</summary>
    public double[] ExplainedRatio => [.. ExplainedVariance.Select(v => TotalVariance > 0 ? v / TotalVariance : 0)];
}

/// <summary>
/// Principal component analysis for plotting: the covariance matrix (columns × columns, latent sizes are small)
/// and power iteration with deflation for the few leading eigenvectors. Deterministic: the start vector is fixed,
/// and each component's sign is chosen so its largest coordinate is positive, so a plot does not flip between runs.
/// </summary>
public static class Pca
{
    public static PcaResult Fit(Matrix data, int components = 2, int maxIterations = 500, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Rows, d = data.Cols;
        if (components < 1 || components > d)
            throw new ArgumentOutOfRangeException(nameof(components), $"Components must be between 1 and {d} (got {components}).");

        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = data.Row(i);
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= Math.Max(n, 1);

        var covariance = Covariance(data, mean);
        double total = 0;
        for (int j = 0; j < d; j++) total += covariance[j, j];

        var directions = new double[components][];
        var variances = new double[components];
        for (int c = 0; c < components; c++)
        {
            (directions[c], variances[c]) = LeadingEigenvector(covariance, c, maxIterations, tolerance);
            // Deflate so the next power iteration finds the next component.
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++)
                    covariance[a, b] -= variances[c] * directions[c][a] * directions[c][b];
        }

        var projected = new float[n * components];
        for (int i = 0; i < n; i++)
        {
            var row = data.Row(i);
            for (int c = 0; c < components; c++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += (row[j] - mean[j]) * directions[c][j];
                projected[i * components + c] = (float)s;
            }
        }
        var componentValues = directions.SelectMany(v => v.Select(x => (float)x)).ToArray();
        return new PcaResult(new Matrix(projected, n, components), new Matrix(componentValues, components, d), variances, total);
    }

    private static double[,] Covariance(Matrix data, double[] mean)
    {
        int n = data.Rows, d = data.Cols;
        var covariance = new double[d, d];
        var centred = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = data.Row(i);
            for (int j = 0; j < d; j++) centred[j] = row[j] - mean[j];
            for (int a = 0; a < d; a++)
                for (int b = a; b < d; b++)
                    covariance[a, b] += centred[a] * centred[b];
        }
        double scale = 1.0 / Math.Max(n - 1, 1);
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++)
                covariance[b, a] = covariance[a, b] = covariance[a, b] * scale;
        return covariance;
    }

    private static (double[] Vector, double Value) LeadingEigenvector(double[,] matrix, int index, int maxIterations, double tolerance)
    {
        int d = matrix.GetLength(0);
        // A fixed, non-symmetric start: unlikely to be orthogonal to the leading eigenvector.
        var v = new double[d];
        for (int j = 0; j < d; j++) v[j] = 1.0 + 0.1 * ((j + index) % 7);
        Normalize(v);
        var next = new double[d];
        double value = 0;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            for (int a = 0; a < d; a++)
            {
                double s = 0;
                for (int b = 0; b < d; b++) s += matrix[a, b] * v[b];
                next[a] = s;
            }
            double norm = Normalize(next);
            if (norm < 1e-300) { value = 0; break; } // nothing left: every remaining direction has zero variance
            double change = 0;
            for (int j = 0; j < d; j++) change = Math.Max(change, Math.Abs(next[j] - v[j]));
            (v, next) = (next, v);
            value = norm;
            if (change < tolerance) break;
        }
        // Sign convention: largest absolute coordinate positive.
        int largest = 0;
        for (int j = 1; j < d; j++) if (Math.Abs(v[j]) > Math.Abs(v[largest])) largest = j;
        if (v[largest] < 0) for (int j = 0; j < d; j++) v[j] = -v[j];
        return (v, Math.Max(value, 0));
    }

    private static double Normalize(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        if (norm > 0) for (int j = 0; j < v.Length; j++) v[j] /= norm;
        return norm;
    }
}
