namespace WebClustering.Core.Clustering;

/// <summary>Shape of each mixture component's covariance matrix (scikit-learn's <c>covariance_type</c>).</summary>
public enum CovarianceType
{
    /// <summary>Any symmetric positive-definite matrix: d(d+1)/2 parameters per component.</summary>
    Full,

    /// <summary>Axis-aligned: one variance per dimension and component.</summary>
    Diag,

    /// <summary>One variance per component, the same in every direction.</summary>
    Spherical,
}

/// <summary>Settings for <see cref="GaussianMixture.Fit"/>; defaults follow scikit-learn's <c>GaussianMixture</c>.</summary>
/// <param name="K">Number of components, 1 &lt;= K &lt;= rows.</param>
/// <param name="CovarianceType">Covariance shape.</param>
/// <param name="RegCovar">Added to every variance (the diagonal), keeping covariances positive definite when a
/// component collapses onto few or duplicate points.</param>
/// <param name="MaxIterations">Upper bound on EM iterations per restart.</param>
/// <param name="Tolerance">EM stops when the mean per-row log-likelihood improves by less than this.</param>
/// <param name="NInit">Restarts (each from its own k-means start); the highest log-likelihood wins.</param>
/// <param name="Seed">Seed for the k-means starts.</param>
public sealed record GaussianMixtureOptions(
    int K,
    CovarianceType CovarianceType = CovarianceType.Full,
    double RegCovar = 1e-6,
    int MaxIterations = 100,
    double Tolerance = 1e-3,
    int NInit = 1,
    int Seed = 0)
{
    internal void Validate(Matrix data)
    {
        if (K < 1 || K > data.Rows)
            throw new ArgumentException($"K must be between 1 and the number of rows ({data.Rows}); got {K}.", nameof(K));
        if (!Enum.IsDefined(CovarianceType))
            throw new ArgumentException($"Unknown covariance type {CovarianceType}.", nameof(CovarianceType));
        if (!(RegCovar >= 0) || double.IsInfinity(RegCovar))
            throw new ArgumentException($"RegCovar must be finite and non-negative (got {RegCovar}).", nameof(RegCovar));
        if (MaxIterations < 1)
            throw new ArgumentException($"MaxIterations must be at least 1 (got {MaxIterations}).", nameof(MaxIterations));
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
            throw new ArgumentException($"Tolerance must be finite and non-negative (got {Tolerance}).", nameof(Tolerance));
        if (NInit < 1)
            throw new ArgumentException($"NInit must be at least 1 (got {NInit}).", nameof(NInit));
        for (int i = 0; i < data.Values.Length; i++)
            if (!float.IsFinite(data.Values[i]))
                throw new ArgumentException($"Data contains a non-finite value at row {i / data.Cols}.", nameof(data));
    }
}

/// <summary>Outcome of the best restart of <see cref="GaussianMixture.Fit"/>.</summary>
/// <param name="Model">Fitted weights, means and covariances; assigns and scores new rows.</param>
/// <param name="Labels">Most probable component of every row.</param>
/// <param name="Probabilities">Rows x K posterior probabilities (each row sums to 1).</param>
/// <param name="LogLikelihood">Total log-likelihood of the data under the model (natural log, summed over rows).</param>
/// <param name="Bic">Bayesian information criterion, -2 LogLikelihood + parameters * ln(rows); lower is better.</param>
/// <param name="Iterations">EM iterations of the winning restart.</param>
/// <param name="Converged">Whether it stopped on the tolerance rather than the iteration cap.</param>
public sealed record GaussianMixtureResult(
    GaussianMixtureModel Model,
    int[] Labels,
    Matrix Probabilities,
    double LogLikelihood,
    double Bic,
    int Iterations,
    bool Converged);
