using System.Numerics;
using System.Runtime.InteropServices;

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
    private const int ChunkRows = 4096; // fixed, so partial sums and their order do not depend on the thread count

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

    /// <summary>
    /// Lower triangles of sum_i r_ic (x_i - mu_c)(x_i - mu_c)^T over rows [start, end), SIMD across rows: blocks of rows
    /// are laid out dimension-major, so each of the d(d+1)/2 entries is one vector multiply-add per lane group.
    /// </summary>
    private static void FullScatter(Matrix data, double[] resp, double[] means, int k, int start, int end, Span<double> scatter)
    {
        int d = data.Cols, lanes = Vector<double>.Count, block = 8 * lanes, vectors = block / lanes;
        var diff = new Vector<double>[d * vectors];
        var acc = new Vector<double>[k * d * d];
        var columns = new double[d * block];
        var weights = new double[block];
        for (int from = start; from < end; from += block)
        {
            int rows = Math.Min(block, end - from);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> x = data.Row(from + r);
                for (int j = 0; j < d; j++)
                    columns[j * block + r] = x[j];
            }
            var xv = MemoryMarshal.Cast<double, Vector<double>>(columns.AsSpan());
            for (int c = 0; c < k; c++)
            {
                // Padding lanes get weight 0, so whatever their differences they add nothing.
                Array.Clear(weights);
                for (int r = 0; r < rows; r++)
                    weights[r] = resp[(long)(from + r) * k + c];
                var wv = MemoryMarshal.Cast<double, Vector<double>>(weights.AsSpan());
                for (int j = 0; j < d; j++)
                {
                    var mean = new Vector<double>(means[c * d + j]);
                    for (int v = 0; v < vectors; v++)
                        diff[j * vectors + v] = xv[j * vectors + v] - mean;
                }
                Span<Vector<double>> target = acc.AsSpan(c * d * d, d * d);
                for (int a = 0; a < d; a++)
                    for (int v = 0; v < vectors; v++)
                    {
                        Vector<double> weighted = wv[v] * diff[a * vectors + v];
                        for (int b = 0; b <= a; b++)
                            target[a * d + b] += weighted * diff[b * vectors + v];
                    }
            }
        }
        for (int e = 0; e < acc.Length; e++)
            scatter[e] = Vector.Sum(acc[e]);
    }

    private static void DiagonalScatter(Matrix data, double[] resp, double[] means, int k, int start, int end, Span<double> scatter)
    {
        int d = data.Cols;
        for (int i = start; i < end; i++)
        {
            ReadOnlySpan<float> x = data.Row(i);
            for (int c = 0; c < k; c++)
            {
                double r = resp[(long)i * k + c];
                for (int j = 0; j < d; j++)
                {
                    double diff = x[j] - means[c * d + j];
                    scatter[c * d + j] += r * diff * diff;
                }
            }
        }
    }

    private static double[] SumChunks(double[] partial, int chunks, int width)
    {
        var total = new double[width];
        for (int c = 0; c < chunks; c++)
            for (int j = 0; j < width; j++)
                total[j] += partial[c * width + j];
        return total;
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
            RowChunks.For(n, ChunkRows, n >= 2 * ChunkRows, (start, end) =>
            {
                for (long i = (long)start * k; i < (long)end * k; i++)
                    resp[i] = Math.Exp(log[i]);
            });
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
        bool full = options.CovarianceType == CovarianceType.Full;
        int chunks = (n + ChunkRows - 1) / ChunkRows;
        bool parallel = chunks > 1;

        // Sums per fixed chunk of rows (in parallel), then added in chunk order: the same bits whatever the threads.
        var partialNk = new double[chunks * k];
        var partialMeans = new double[chunks * k * d];
        RowChunks.For(n, ChunkRows, parallel, (start, end) =>
        {
            int c0 = start / ChunkRows;
            Span<double> nkPart = partialNk.AsSpan(c0 * k, k), meansPart = partialMeans.AsSpan(c0 * k * d, k * d);
            for (int i = start; i < end; i++)
            {
                ReadOnlySpan<float> x = data.Row(i);
                for (int c = 0; c < k; c++)
                {
                    double r = resp[(long)i * k + c];
                    if (r == 0)
                        continue;
                    nkPart[c] += r;
                    for (int j = 0; j < d; j++)
                        meansPart[c * d + j] += r * x[j];
                }
            }
        });
        var nk = SumChunks(partialNk, chunks, k);
        var means = SumChunks(partialMeans, chunks, k * d);
        for (int c = 0; c < k; c++)
        {
            nk[c] = Math.Max(nk[c], WeightFloor);
            for (int j = 0; j < d; j++)
                means[c * d + j] /= nk[c];
        }

        // Centred sums (x - mu)(x - mu)^T rather than E[xx^T] - mu mu^T, which cancels catastrophically.
        int width = full ? d * d : d;
        var partialScatter = new double[chunks * k * width];
        RowChunks.For(n, ChunkRows, parallel, (start, end) =>
        {
            Span<double> scatter = partialScatter.AsSpan(start / ChunkRows * k * width, k * width);
            if (full)
                FullScatter(data, resp, means, k, start, end, scatter);
            else
                DiagonalScatter(data, resp, means, k, start, end, scatter);
        });
        var scatter = SumChunks(partialScatter, chunks, k * width);

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
