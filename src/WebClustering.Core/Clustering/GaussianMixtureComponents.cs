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

    private Components(GaussianMixtureModel model, double[] factors, double[] logDets)
    {
        _model = model;
        _factors = factors;
        _logDets = logDets;
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
