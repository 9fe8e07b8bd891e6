using System.Text.Json.Serialization;
using WebClustering.Core.Rows;

namespace WebClustering.Core.Clustering;

/// <summary>Settings for <see cref="KMeans.Fit"/>; defaults follow scikit-learn's <c>KMeans</c>.</summary>
/// <param name="K">Number of clusters, 2 &lt;= K &lt;= rows.</param>
/// <param name="NInit">Independent k-means++ restarts; the lowest-inertia run wins.</param>
/// <param name="MaxIterations">Upper bound on Lloyd iterations per restart.</param>
/// <param name="Tolerance">Relative tolerance: a run stops when the summed squared centroid shift is at most
/// <c>Tolerance * mean feature variance</c> (scikit-learn's definition, which makes it unit-free).</param>
/// <param name="Seed">Seed for all randomness; equal seeds give identical results.</param>
/// <param name="Init">How each restart picks its first centroids.</param>
/// <param name="Algorithm">Lloyd, or Elkan's bounded variant (same labels, fewer distance evaluations).</param>
public sealed record KMeansOptions(
    int K,
    int NInit = 10,
    int MaxIterations = 300,
    double Tolerance = 1e-4,
    int Seed = 0,
    KMeansInit Init = KMeansInit.KMeansPlusPlus,
    KMeansAlgorithm Algorithm = KMeansAlgorithm.Lloyd)
{
    internal void Validate(Matrix data) => Validate(new MatrixRows(data));

    internal void Validate(RowSource data)
    {
        int rows = data.Rows;
        if (K < 2)
            throw new ArgumentException($"K must be at least 2 (got {K}).", nameof(K));
        if (K > rows)
            throw new ArgumentException(
                $"K ({K}) must not exceed the number of rows ({rows}).", nameof(K));
        if (NInit < 1)
            throw new ArgumentException($"NInit must be at least 1 (got {NInit}).", nameof(NInit));
        if (MaxIterations < 1)
            throw new ArgumentException($"MaxIterations must be at least 1 (got {MaxIterations}).", nameof(MaxIterations));
        if (!Enum.IsDefined(Init))
            throw new ArgumentException($"Unknown init {Init}.", nameof(Init));
        if (!Enum.IsDefined(Algorithm))
            throw new ArgumentException($"Unknown algorithm {Algorithm}.", nameof(Algorithm));
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
            throw new ArgumentException($"Tolerance must be finite and non-negative (got {Tolerance}).", nameof(Tolerance));

        // A single NaN would silently poison every distance and centroid, so refuse it up front.
        int cols = data.Cols;
        data.ForEachRange(RowSource.PassRows, (range, first, _) =>
        {
            var values = range.Span;
            for (int i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i]))
                    throw new ArgumentException(
                        $"Data contains a non-finite value ({values[i]}) at row {first + i / cols}, column {i % cols}.",
                        nameof(data));
            }
        });
    }
}

/// <summary>How k-means restarts choose their initial centroids.</summary>
public enum KMeansInit
{
    /// <summary>Greedy k-means++ (scikit-learn's default): spread-out seeds, usually fewer iterations.</summary>
    [JsonStringEnumMemberName("k-means++")]
    KMeansPlusPlus,

    /// <summary>K distinct rows drawn uniformly.</summary>
    Random,
}

/// <summary>Which exact k-means iteration to run; both converge to the same labels from the same start.</summary>
public enum KMeansAlgorithm
{
    /// <summary>Every row against every centroid each iteration.</summary>
    Lloyd,

    /// <summary>
    /// Elkan's triangle-inequality bounds skip most distance evaluations once clusters settle. Each evaluation it
    /// keeps is a scalar one, so it pays off with many clusters or dimensions; on ~10 dimensions Lloyd's blocked SIMD
    /// kernel is faster (see bench/WebClustering.Bench).
    /// </summary>
    Elkan,
}

/// <summary>Outcome of the best restart of <see cref="KMeans.Fit"/>.</summary>
/// <param name="Labels">Cluster index (0..K-1) of every row, consistent with <paramref name="Centroids"/>.</param>
/// <param name="Centroids">K x dims matrix of cluster centres.</param>
/// <param name="Inertia">Sum of squared distances of rows to their centroid.</param>
/// <param name="Iterations">Lloyd iterations run by the winning restart.</param>
/// <param name="ClusterSizes">Rows per cluster; can contain 0 only when the data has fewer distinct points than K.</param>
public sealed record KMeansResult(
    int[] Labels,
    Matrix Centroids,
    double Inertia,
    int Iterations,
    int[] ClusterSizes);
