namespace WebClustering.Core.Clustering;

/// <summary>
/// Gaussian mixture fitted by expectation-maximisation, following scikit-learn's <c>GaussianMixture</c>: each
/// restart starts from a k-means labelling (one-hot responsibilities), alternates E- and M-steps until the mean
/// per-row log-likelihood improves by less than the tolerance, then labels rows with a final E-step so labels,
/// probabilities and the reported likelihood all belong to the returned parameters. All arithmetic is in double.
/// </summary>
public static class GaussianMixture
{
    // sklearn adds 10 * float64 eps to each component's weight so an empty component divides by a tiny number, not 0.
    // Here it is a floor rather than an addend, so exact duplicates keep an exactly zero variance (and are refused
    // when reg_covar is 0) instead of a rounding-noise variance that makes the density meaningless.
    private const double WeightFloor = 10 * 2.220446049250313e-16;

    public static GaussianMixtureResult Fit(Matrix data, GaussianMixtureOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(data);

        var master = new Random(options.Seed);
        GaussianMixtureModel? best = null;
        double bestBound = double.NegativeInfinity;
        int bestIterations = 0;
        bool bestConverged = false;
        for (int r = 0; r < options.NInit; r++)
        {
            ct.ThrowIfCancellationRequested();
            var model = Run(data, options, master.Next(), ct, out double bound, out int iterations, out bool converged);
            // '>' in restart order: ties keep the earliest restart.
            if (best is null || bound > bestBound)
                (best, bestBound, bestIterations, bestConverged) = (model, bound, iterations, converged);
        }

        double[] log = best!.LogResponsibilities(data, out double[] rowLl);
        double logLikelihood = rowLl.Sum();
        var probabilities = new float[log.Length];
        for (int i = 0; i < log.Length; i++)
            probabilities[i] = (float)Math.Exp(log[i]);
        return new GaussianMixtureResult(
            best, GaussianMixtureModel.ArgMaxRows(log, data.Rows, best.K), new Matrix(probabilities, data.Rows, best.K),
            logLikelihood, Bic(logLikelihood, best.ParameterCount, data.Rows), bestIterations, bestConverged);
    }

    /// <summary>-2 ln L + p ln n: the likelihood rewarded, every free parameter charged ln n.</summary>
    public static double Bic(double logLikelihood, int parameters, int rows) => -2 * logLikelihood + parameters * Math.Log(rows);

    private static GaussianMixtureModel Run(
        Matrix data, GaussianMixtureOptions options, int seed, CancellationToken ct,
        out double bound, out int iterations, out bool converged)
    {
        int n = data.Rows, k = options.K;
        var resp = new double[(long)n * k];
        if (k == 1)
            Array.Fill(resp, 1.0);
        else
        {
            int[] labels = KMeans.Fit(data, new KMeansOptions(k, NInit: 1, Seed: seed), ct).Labels;
            for (int i = 0; i < n; i++)
                resp[i * k + labels[i]] = 1;
        }

        GaussianMixtureModel model = MStep(data, resp, k, options);
        bound = double.NegativeInfinity;
        converged = false;
        for (iterations = 1; iterations <= options.MaxIterations; iterations++)
        {
            ct.ThrowIfCancellationRequested();
            double previous = bound;
            double[] log = model.LogResponsibilities(data, out double[] rowLl);
            for (long i = 0; i < log.Length; i++)
                resp[i] = Math.Exp(log[i]);
            model = MStep(data, resp, k, options);
            bound = rowLl.Sum() / n;
            if (Math.Abs(bound - previous) < options.Tolerance)
            {
                converged = true;
                break;
            }
        }
        iterations = Math.Min(iterations, options.MaxIterations);
        return model;
    }

    /// <summary>Weights, means and covariances that maximise the expected log-likelihood under <paramref name="resp"/>.</summary>
    internal static GaussianMixtureModel MStep(Matrix data, double[] resp, int k, GaussianMixtureOptions options)
    {
        int n = data.Rows, d = data.Cols;
        var nk = new double[k];
        var means = new double[k * d];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> x = data.Row(i);
            for (int c = 0; c < k; c++)
            {
                double r = resp[i * k + c];
                if (r == 0)
                    continue;
                nk[c] += r;
                for (int j = 0; j < d; j++)
                    means[c * d + j] += r * x[j];
            }
        }
        for (int c = 0; c < k; c++)
        {
            nk[c] = Math.Max(nk[c], WeightFloor);
            for (int j = 0; j < d; j++)
                means[c * d + j] /= nk[c];
        }

        // Centred sums (x - mu)(x - mu)^T rather than E[xx^T] - mu mu^T, which cancels catastrophically.
        bool full = options.CovarianceType == CovarianceType.Full;
        var scatter = new double[full ? k * d * d : k * d];
        var diff = new double[d];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> x = data.Row(i);
            for (int c = 0; c < k; c++)
            {
                double r = resp[i * k + c];
                if (r == 0)
                    continue;
                for (int j = 0; j < d; j++)
                    diff[j] = x[j] - means[c * d + j];
                if (full)
                {
                    int offset = c * d * d;
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b <= a; b++)
                            scatter[offset + a * d + b] += r * diff[a] * diff[b];
                }
                else
                {
                    for (int j = 0; j < d; j++)
                        scatter[c * d + j] += r * diff[j] * diff[j];
                }
            }
        }

        double[] covariances = options.CovarianceType switch
        {
            CovarianceType.Full => new double[k * d * d],
            CovarianceType.Diag => new double[k * d],
            _ => new double[k],
        };
        for (int c = 0; c < k; c++)
        {
            if (full)
            {
                int offset = c * d * d;
                for (int a = 0; a < d; a++)
                {
                    for (int b = 0; b <= a; b++)
                        covariances[offset + a * d + b] = covariances[offset + b * d + a] = scatter[offset + a * d + b] / nk[c];
                    covariances[offset + a * d + a] += options.RegCovar;
                }
            }
            else if (options.CovarianceType == CovarianceType.Diag)
            {
                for (int j = 0; j < d; j++)
                    covariances[c * d + j] = scatter[c * d + j] / nk[c] + options.RegCovar;
            }
            else
            {
                double total = 0;
                for (int j = 0; j < d; j++)
                    total += scatter[c * d + j] / nk[c] + options.RegCovar;
                covariances[c] = total / d;
            }
        }

        var weights = new double[k];
        for (int c = 0; c < k; c++)
            weights[c] = nk[c] / n;
        return new GaussianMixtureModel(options.CovarianceType, d, weights, means, covariances);
    }
}
