namespace WebClustering.Core.Clustering;

/// <summary>
/// What the density needs from each component, derived once from a <see cref="GaussianMixtureModel"/>: for full
/// covariances the lower Cholesky factor L (Sigma = L L^T), so the Mahalanobis term is |L^-1 (x - mu)|^2 by forward
/// substitution and log det Sigma = 2 sum log L_ii: never an explicit inverse or determinant, both of which lose
/// precision (or overflow) long before Cholesky does.
/// </summary>
internal sealed class Components
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private readonly GaussianMixtureModel _model;
    private readonly double[] _factors;   // full: K x d x d Cholesky factors; diag/spherical: the variances
    private readonly double[] _logDets;
    // Full only: U = L^-1 (lower triangular) and U mu per component, so the Mahalanobis term of a block of rows is
    // |U x - U mu|^2, a product with no serial dependency that vectorises across rows (the forward substitution does not).
    private readonly double[] _precision;
    private readonly double[] _precisionMean;

    private Components(GaussianMixtureModel model, double[] factors, double[] logDets)
    {
        _model = model;
        _factors = factors;
        _logDets = logDets;
        int k = model.K, d = model.Dims;
        bool full = model.CovarianceType == CovarianceType.Full;
        _precision = new double[full ? k * d * d : 0];
        _precisionMean = new double[full ? k * d : 0];
        for (int c = 0; full && c < k; c++)
        {
            ReadOnlySpan<double> l = factors.AsSpan(c * d * d, d * d);
            Span<double> u = _precision.AsSpan(c * d * d, d * d);
            // Column by column, L u_col = e_col by forward substitution.
            for (int col = 0; col < d; col++)
                for (int i = col; i < d; i++)
                {
                    double sum = i == col ? 1 : 0;
                    for (int j = col; j < i; j++)
                        sum -= l[i * d + j] * u[j * d + col];
                    u[i * d + col] = sum / l[i * d + i];
                }
            for (int i = 0; i < d; i++)
            {
                double sum = 0;
                for (int j = 0; j <= i; j++)
                    sum += u[i * d + j] * model.Means[c * d + j];
                _precisionMean[c * d + i] = sum;
            }
        }
    }

    public bool IsFull => _model.CovarianceType == CovarianceType.Full;

    /// <summary>
    /// log N(x | mu_c, Sigma_c) for a block of rows stored dimension-major (<paramref name="columns"/>[j * width + r] is
    /// dimension j of row r, width a multiple of the vector size), full covariances only; SIMD across rows.
    /// </summary>
    public void LogDensities(ReadOnlySpan<double> columns, int width, int c, Span<double> output, Span<double> y)
    {
        int d = _model.Dims, lanes = System.Numerics.Vector<double>.Count;
        ReadOnlySpan<double> u = _precision.AsSpan(c * d * d, d * d);
        var q = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(output[..width]);
        q.Clear();
        var yv = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(y[..width]);
        var xv = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(columns);
        int vectors = width / lanes;
        for (int i = 0; i < d; i++)
        {
            var shift = new System.Numerics.Vector<double>(-_precisionMean[c * d + i]);
            for (int v = 0; v < vectors; v++)
                yv[v] = shift;
            for (int j = 0; j <= i; j++)
            {
                var weight = new System.Numerics.Vector<double>(u[i * d + j]);
                ReadOnlySpan<System.Numerics.Vector<double>> xj = xv.Slice(j * vectors, vectors);
                for (int v = 0; v < vectors; v++)
                    yv[v] += weight * xj[v];
            }
            for (int v = 0; v < vectors; v++)
                q[v] += yv[v] * yv[v];
        }
        double constant = -0.5 * (d * LogTwoPi + _logDets[c]);
        for (int r = 0; r < width; r++)
            output[r] = constant - 0.5 * output[r];
    }

    public static Components From(GaussianMixtureModel model)
    {
        int k = model.K, d = model.Dims;
        var logDets = new double[k];
        double[] factors = model.CovarianceType == CovarianceType.Full ? new double[k * d * d] : model.Covariances;
        for (int c = 0; c < k; c++)
        {
            switch (model.CovarianceType)
            {
                case CovarianceType.Full:
                    logDets[c] = Cholesky(model.Covariances.AsSpan(c * d * d, d * d), factors.AsSpan(c * d * d, d * d), d, c);
                    break;
                case CovarianceType.Diag:
                    for (int j = 0; j < d; j++)
                        logDets[c] += Math.Log(Positive(model.Covariances[c * d + j], c));
                    break;
                default:
                    logDets[c] = d * Math.Log(Positive(model.Covariances[c], c));
                    break;
            }
        }
        return new Components(model, factors, logDets);
    }

    /// <summary>log N(x | mu_c, Sigma_c).</summary>
    public double LogDensity(ReadOnlySpan<float> x, int c, double[] scratch)
    {
        int d = _model.Dims;
        ReadOnlySpan<double> mean = _model.Means.AsSpan(c * d, d);
        double q = 0;
        switch (_model.CovarianceType)
        {
            case CovarianceType.Full:
                ReadOnlySpan<double> l = _factors.AsSpan(c * d * d, d * d);
                for (int i = 0; i < d; i++)
                {
                    double s = x[i] - mean[i];
                    for (int j = 0; j < i; j++)
                        s -= l[i * d + j] * scratch[j];
                    scratch[i] = s / l[i * d + i];
                    q += scratch[i] * scratch[i];
                }
                break;
            case CovarianceType.Diag:
                for (int i = 0; i < d; i++)
                {
                    double diff = x[i] - mean[i];
                    q += diff * diff / _factors[c * d + i];
                }
                break;
            default:
                for (int i = 0; i < d; i++)
                {
                    double diff = x[i] - mean[i];
                    q += diff * diff;
                }
                q /= _factors[c];
                break;
        }
        return -0.5 * (d * LogTwoPi + _logDets[c] + q);
    }

    /// <summary>Writes the lower Cholesky factor of the d x d matrix <paramref name="a"/>; returns log det a.</summary>
    private static double Cholesky(ReadOnlySpan<double> a, Span<double> l, int d, int component)
    {
        double logDet = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * d + j];
                for (int m = 0; m < j; m++)
                    s -= l[i * d + m] * l[j * d + m];
                if (i == j)
                {
                    double pivot = Positive(s, component);
                    l[i * d + i] = Math.Sqrt(pivot);
                    logDet += Math.Log(pivot);
                }
                else
                {
                    l[i * d + j] = s / l[j * d + j];
                }
            }
        }
        return logDet;
    }

    private static double Positive(double value, int component) => value > 0 && double.IsFinite(value)
        ? value
        : throw new ArgumentException(
            $"The covariance of component {component} is not positive definite (it collapsed onto too few " +
            "distinct points); increase reg_covar, use fewer components or a simpler covariance type.");
}
