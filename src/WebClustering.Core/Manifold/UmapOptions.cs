namespace WebClustering.Core.Manifold;

/// <summary>How the layout starts before SGD.</summary>
public enum UmapInit
{
    /// <summary>
    /// Leading eigenvectors of the graph's normalised adjacency D^-1/2 W D^-1/2 (equivalently the smallest of the
    /// normalised Laplacian, as umap-learn), excluding the trivial one, by a fixed number of block power iterations:
    /// smooth, structure-aware, and for a disconnected graph the components already apart. Iterations are capped, so
    /// on large graphs it is an approximation of the spectral embedding; as a starting point that is what matters.
    /// </summary>
    Spectral,

    /// <summary>Uniform in [-10, 10] per coordinate.</summary>
    Random,
}

/// <summary>How UMAP finds each row's neighbours.</summary>
public enum NeighborSearch
{
    /// <summary>Exact up to <see cref="UmapOptions.ExactNeighborRows"/> rows, where brute force is cheap; HNSW above.</summary>
    Auto,

    /// <summary>Brute force: O(n^2) time, the true neighbours.</summary>
    Exact,

    /// <summary>An HNSW index (<see cref="WebClustering.Core.Neighbors.ApproximateNeighbors"/>): O(n log n) time, recall about 0.99.</summary>
    Approximate,
}

/// <summary>Settings for <see cref="Umap.Fit"/>; names and defaults follow umap-learn.</summary>
/// <param name="NNeighbors">Neighbourhood size (the row itself counted, as umap-learn); 2 &lt;= n &lt;= rows.</param>
/// <param name="MinDist">Smallest distance between embedded points; 0 packs clusters tightly (N2D uses 0).</param>
/// <param name="NComponents">Embedding dimensions.</param>
/// <param name="NEpochs">SGD epochs; null means 500 up to 10,000 rows and 200 above, as umap-learn.</param>
/// <param name="Seed">Seed for initialisation and negative sampling: equal seeds give identical embeddings.</param>
/// <param name="Init">Starting layout.</param>
/// <param name="Spread">Scale of embedded distances (with MinDist, fixes the curve parameters a and b).</param>
/// <param name="LearningRate">Initial SGD step, decayed linearly to 0.</param>
/// <param name="NegativeSampleRate">Negative samples per positive sample.</param>
/// <param name="RepulsionStrength">Weight of the negative samples (umap's gamma).</param>
/// <param name="Neighbors">Exact or approximate neighbour search (by default chosen from the row count).</param>
public sealed record UmapOptions(
    int NNeighbors = 15,
    double MinDist = 0.1,
    int NComponents = 2,
    int? NEpochs = null,
    int Seed = 0,
    UmapInit Init = UmapInit.Spectral,
    double Spread = 1.0,
    double LearningRate = 1.0,
    int NegativeSampleRate = 5,
    double RepulsionStrength = 1.0,
    NeighborSearch Neighbors = NeighborSearch.Auto)
{
    /// <summary>
    /// Up to this many rows <see cref="NeighborSearch.Auto"/> searches exactly: at 70,000 x 10 brute force took about
    /// as long as an approximate search on two cores (11.8 s against 10.9 s, docs/benchmarks.md), and in one run UMAP + GMM on
    /// the approximate graph scored 5 points of ACC lower, so exact neighbours are kept while they are affordable;
    /// beyond, their quadratic cost (about 80 s at 200,000 rows) gives way to the HNSW index
    /// (<see cref="WebClustering.Core.Neighbors.HnswIndex"/>, the same approximate search that serves similar items).
    /// </summary>
    public const int ExactNeighborRows = 200_000;

    /// <summary>N2D's setting (McConville et al.): 20 neighbours, min_dist 0, into as many dimensions as clusters.</summary>
    public static UmapOptions N2D(int nComponents, int seed = 0) => new(NNeighbors: 20, MinDist: 0, NComponents: nComponents, Seed: seed);

    internal void Validate(int rows)
    {
        if (NNeighbors < 2 || NNeighbors > rows)
            throw new ArgumentException($"n_neighbors must be between 2 and the number of rows ({rows}); got {NNeighbors}.");
        if (!(MinDist >= 0) || !(Spread > 0) || MinDist > Spread)
            throw new ArgumentException($"Need 0 <= min_dist <= spread and spread > 0; got min_dist {MinDist}, spread {Spread}.");
        if (NComponents < 1)
            throw new ArgumentException($"n_components must be at least 1 (got {NComponents}).");
        if (NEpochs is < 1)
            throw new ArgumentException($"n_epochs must be at least 1 (got {NEpochs}).");
        if (!(LearningRate > 0) || NegativeSampleRate < 0 || !(RepulsionStrength >= 0))
            throw new ArgumentException("learning_rate must be positive; negative_sample_rate and repulsion_strength non-negative.");
        if (!Enum.IsDefined(Neighbors))
            throw new ArgumentException($"Unknown neighbour search {Neighbors}.");
        if (!Enum.IsDefined(Init))
            throw new ArgumentException($"Unknown init {Init}.");
    }
}

/// <summary>A UMAP embedding and the quantities that produced it.</summary>
/// <param name="Embedding">Rows x NComponents.</param>
/// <param name="A">Curve parameter a of 1 / (1 + a d^(2b)), fitted from min_dist and spread.</param>
/// <param name="B">Curve parameter b.</param>
/// <param name="Graph">The symmetrised fuzzy simplicial set the layout optimised.</param>
public sealed record UmapResult(Matrix Embedding, double A, double B, FuzzyGraph Graph);
