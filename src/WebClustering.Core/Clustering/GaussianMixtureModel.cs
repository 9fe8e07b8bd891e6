using System.Text.Json.Serialization;

namespace WebClustering.Core.Clustering;

/// <summary>
/// Parameters of a fitted Gaussian mixture, in double. <paramref name="Covariances"/> holds K x d x d values (full),
/// K x d (diag) or K (spherical). Serialisable as it stands; Cholesky factors are derived on first use.
/// </summary>
public sealed record GaussianMixtureModel(
    CovarianceType CovarianceType, int Dims, double[] Weights, double[] Means, double[] Covariances)
{
    private Components? _components;

    /// <summary>Number of components.</summary>
    [JsonIgnore]
    public int K => Weights.Length;

    /// <summary>Free parameters: means, K - 1 weights and the covariances' free entries (for BIC).</summary>
    [JsonIgnore]
    public int ParameterCount => K * Dims + (K - 1) + CovarianceType switch
    {
        CovarianceType.Full => K * Dims * (Dims + 1) / 2,
        CovarianceType.Diag => K * Dims,
        _ => K,
    };

    internal Components Factors => _components ??= Components.From(this);

    /// <summary>
    /// Per-row log of weight times density for every component (rows x K), and each row's log-sum-exp over components
    /// (its log-likelihood). Computed in log space and normalised by subtracting the row maximum, so components
    /// far from a row underflow harmlessly instead of turning the posterior into 0 / 0.
    /// </summary>
    public double[] LogResponsibilities(Matrix data, out double[] rowLogLikelihood)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Cols != Dims)
            throw new ArgumentException($"The model has {Dims} dimensions but the data has {data.Cols}.", nameof(data));
        int n = data.Rows, k = K;
        var log = new double[(long)n * k];
        var rowLl = new double[n];
        Components factors = Factors;
        var logWeights = new double[k];
        for (int c = 0; c < k; c++)
            logWeights[c] = Math.Log(Weights[c]);
        int d = Dims, lanes = System.Numerics.Vector<double>.Count, block = 8 * lanes;
        RowChunks.For(n, 512, (long)n * k * Dims * Dims >= 1 << 18, (start, end) =>
        {
            var scratch = new double[d];
            var columns = new double[d * block];
            var densities = new double[k * block];
            var y = new double[block];
            for (int from = start; from < end; from += block)
            {
                int rows = Math.Min(block, end - from);
                if (factors.IsFull)
                {
                    // Rows of the block dimension-major (padding lanes zero), then every component's densities at once.
                    Array.Clear(columns);
                    for (int r = 0; r < rows; r++)
                    {
                        ReadOnlySpan<float> x = data.Row(from + r);
                        for (int j = 0; j < d; j++)
                            columns[j * block + r] = x[j];
                    }
                    for (int c = 0; c < k; c++)
                        factors.LogDensities(columns, block, c, densities.AsSpan(c * block, block), y);
                }
                else
                {
                    for (int r = 0; r < rows; r++)
                        for (int c = 0; c < k; c++)
                            densities[c * block + r] = factors.LogDensity(data.Row(from + r), c, scratch);
                }
                for (int r = 0; r < rows; r++)
                {
                    int i = from + r;
                    Span<double> row = log.AsSpan(i * k, k);
                    double max = double.NegativeInfinity;
                    for (int c = 0; c < k; c++)
                    {
                        row[c] = logWeights[c] + densities[c * block + r];
                        max = Math.Max(max, row[c]);
                    }
                    double sum = 0;
                    for (int c = 0; c < k; c++)
                        sum += Math.Exp(row[c] - max);
                    double lse = max + Math.Log(sum);
                    rowLl[i] = lse;
                    for (int c = 0; c < k; c++)
                        row[c] -= lse;
                }
            }
        });
        rowLogLikelihood = rowLl;
        return log;
    }

    /// <summary>Posterior probability of every component for every row (rows x K; rows sum to 1).</summary>
    public Matrix PredictProba(Matrix data)
    {
        double[] log = LogResponsibilities(data, out _);
        var p = new float[log.Length];
        for (int i = 0; i < log.Length; i++)
            p[i] = (float)Math.Exp(log[i]);
        return new Matrix(p, data.Rows, K);
    }

    /// <summary>Most probable component of every row (ties to the lower index).</summary>
    public int[] Predict(Matrix data)
    {
        double[] log = LogResponsibilities(data, out _);
        return ArgMaxRows(log, data.Rows, K);
    }

    /// <summary>Total log-likelihood of <paramref name="data"/> under the model.</summary>
    public double LogLikelihood(Matrix data)
    {
        LogResponsibilities(data, out double[] rows);
        double total = 0;
        foreach (double r in rows)
            total += r;
        return total;
    }

    internal static int[] ArgMaxRows(double[] values, int rows, int k)
    {
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            int best = 0;
            for (int c = 1; c < k; c++)
                if (values[i * k + c] > values[i * k + best])
                    best = c;
            labels[i] = best;
        }
        return labels;
    }
}
