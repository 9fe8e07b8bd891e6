using System.Text.Json.Serialization;

namespace WebClustering.Core.Clustering;

/// <summary>Clustering algorithms <see cref="ClusteringEngine"/> runs.</summary>
public enum ClusteringAlgorithm
{
    [JsonStringEnumMemberName("kmeans")] KMeans,
    [JsonStringEnumMemberName("minibatch_kmeans")] MiniBatchKMeans,
    [JsonStringEnumMemberName("gmm")] Gmm,
    Agglomerative,
    Dbscan,
    Hdbscan,
    /// <summary>Deep embedded clustering: k-means start, then encoder and centres refined together (needs the autoencoder).</summary>
    Dec,
    /// <summary>DEC that keeps the reconstruction loss, so the embedding stays faithful to the data (needs the autoencoder).</summary>
    Idec,
    /// <summary>N2D: UMAP of the embedding, then a Gaussian mixture on it.</summary>
    Manifold,
}

/// <summary>
/// How rows are compared. Cosine is implemented by L2-normalising every row first (after any standardisation) and
/// then using Euclidean geometry, for every algorithm: on unit vectors |a - b|^2 = 2 (1 - cos(a, b)), so nearest,
/// farthest and means agree with cosine. Distances (DBSCAN's eps, reported inertia) are then chord lengths on the
/// unit sphere. All-zero rows stay zero.
/// </summary>
public enum DistanceMetric { Euclidean, Cosine }

/// <summary>Score that picks k from a range; the curve of every k is returned either way.</summary>
public enum KSelectionCriterion
{
    /// <summary>Mean silhouette, higher is better; computed on a seeded sample above <c>silhouette_sample</c> rows.</summary>
    Silhouette,

    /// <summary>Davies-Bouldin index, lower is better.</summary>
    DaviesBouldin,

    /// <summary>Bayesian information criterion of a Gaussian mixture, lower is better (gmm only).</summary>
    Bic,
}

/// <summary>Inclusive range of cluster counts to try.</summary>
public sealed record KRange(int Min, int Max);

/// <summary>k-means and mini-batch k-means parameters (scikit-learn's names and defaults).</summary>
public sealed record KMeansSpec
{
    public KMeansInit Init { get; init; } = KMeansInit.KMeansPlusPlus;
    public KMeansAlgorithm Algorithm { get; init; } = KMeansAlgorithm.Lloyd;
    public int NInit { get; init; } = 10;
    public int MaxIter { get; init; } = 300;
    public double Tol { get; init; } = 1e-4;
    /// <summary>Mini-batch only.</summary>
    public int BatchSize { get; init; } = 1024;
}

/// <summary>Gaussian mixture parameters.</summary>
public sealed record GmmSpec
{
    /// <summary>
    /// k-means starts of the n2d preset's mixture, the best kept by likelihood: on Fashion-MNIST's UMAP layouts a
    /// single start left ACC 1-3 points lower, depending on the start (docs/benchmarks.md).
    /// </summary>
    public const int N2DStarts = 10;

    public CovarianceType CovarianceType { get; init; } = CovarianceType.Full;
    public double RegCovar { get; init; } = 1e-6;
    public int MaxIter { get; init; } = 100;
    public double Tol { get; init; } = 1e-3;
    public int NInit { get; init; } = 1;
}

/// <summary>Agglomerative parameters; the row limit follows from the memory budget (1 GiB: 16,384 rows).</summary>
public sealed record AgglomerativeSpec
{
    public Linkage Linkage { get; init; } = Linkage.Ward;
    public int MemoryBudgetMb { get; init; } = 1024;
}

/// <summary>DBSCAN parameters.</summary>
public sealed record DbscanSpec
{
    public double Eps { get; init; } = 0.5;
    public int MinSamples { get; init; } = 5;
}

/// <summary>HDBSCAN parameters; min_samples null means min_cluster_size.</summary>
public sealed record HdbscanSpec
{
    public int MinClusterSize { get; init; } = 5;
    public int? MinSamples { get; init; }
}

/// <summary>
/// Everything <see cref="ClusteringEngine.Fit"/> needs besides the data and the seed: the algorithm, k (fixed, or
/// a range to choose from by a criterion), the distance, optional standardisation, and each algorithm's
/// parameters in a block of its own (only the chosen algorithm's block is read). JSON through
/// <see cref="ClusteringJson"/>: snake_case or camelCase names, e.g.
/// <code>{"algorithm":"gmm","k_range":{"min":2,"max":8},"selection":"bic","gmm":{"covariance_type":"diag"}}</code>
/// </summary>
public sealed record ClusteringSpec
{
    public ClusteringAlgorithm Algorithm { get; init; } = ClusteringAlgorithm.KMeans;

    /// <summary>Fixed cluster count (every algorithm but dbscan and hdbscan); ignored when k_range is set.</summary>
    public int K { get; init; } = 10;

    /// <summary>When set, every k in the range is fitted and the best by <see cref="Selection"/> is kept.</summary>
    public KRange? KRange { get; init; }

    public KSelectionCriterion Selection { get; init; } = KSelectionCriterion.Silhouette;

    /// <summary>Rows above which the silhouette is computed on a seeded sample of this many.</summary>
    public int SilhouetteSample { get; init; } = 5000;

    public DistanceMetric Distance { get; init; } = DistanceMetric.Euclidean;

    /// <summary>Standardise each column (z-score, fitted on the data and kept in the model) before anything else.</summary>
    public bool Standardize { get; init; }

    public KMeansSpec Kmeans { get; init; } = new();
    public GmmSpec Gmm { get; init; } = new();
    public AgglomerativeSpec Agglomerative { get; init; } = new();
    public DbscanSpec Dbscan { get; init; } = new();
    public HdbscanSpec Hdbscan { get; init; } = new();
    public DecSpec Dec { get; init; } = new();
    public ManifoldSpec Manifold { get; init; } = new();

    /// <summary>Whether the algorithm takes a cluster count (so k and k_range apply).</summary>
    [JsonIgnore]
    public bool HasK => Algorithm is not (ClusteringAlgorithm.Dbscan or ClusteringAlgorithm.Hdbscan);
}
