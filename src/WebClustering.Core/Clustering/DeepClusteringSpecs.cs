namespace WebClustering.Core.Clustering;

/// <summary>
/// DEC and IDEC refinement parameters (Xie et al. 2016; Guo et al. 2017). The k-means start uses the
/// <see cref="ClusteringSpec.Kmeans"/> block. Counts are in minibatches, as in the reference implementations.
/// </summary>
public sealed record DecSpec
{
    /// <summary>Minibatches between recomputations of the target distribution P (and the stopping test).</summary>
    public int UpdateInterval { get; init; } = 140;

    /// <summary>Stop when fewer than this fraction of labels changed between two target updates.</summary>
    public double Tol { get; init; } = 0.001;

    /// <summary>Most minibatches to run; a service cannot wait for the papers' 20,000 on large data.</summary>
    public int MaxIter { get; init; } = 2000;

    public int BatchSize { get; init; } = 256;

    /// <summary>Adam step size for the encoder (and, for IDEC, the decoder) and the centres.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>IDEC only: loss = reconstruction + gamma * KL(P||Q), the weighting of Guo et al.</summary>
    public double Gamma { get; init; } = 0.1;

    public void Validate()
    {
        if (UpdateInterval < 1) throw new ArgumentException($"dec.update_interval must be at least 1 (got {UpdateInterval}).");
        if (!(Tol >= 0 && Tol <= 1)) throw new ArgumentException($"dec.tol must be between 0 and 1 (got {Tol}).");
        if (MaxIter < 1) throw new ArgumentException($"dec.max_iter must be at least 1 (got {MaxIter}).");
        if (BatchSize < 1) throw new ArgumentException($"dec.batch_size must be at least 1 (got {BatchSize}).");
        if (!(LearningRate > 0 && LearningRate <= 10)) throw new ArgumentException($"dec.learning_rate must be in (0, 10] (got {LearningRate}).");
        if (!(Gamma >= 0)) throw new ArgumentException($"dec.gamma must be non-negative (got {Gamma}).");
    }
}

/// <summary>
/// The N2D recipe (McConville et al. 2020): UMAP of the embedding with <see cref="NNeighbors"/> neighbours and
/// min_dist <see cref="MinDist"/> into <see cref="NComponents"/> dimensions (null: as many as clusters), then a
/// Gaussian mixture (the <see cref="ClusteringSpec.Gmm"/> block) on the UMAP coordinates.
/// </summary>
public sealed record ManifoldSpec
{
    public int NNeighbors { get; init; } = 20;
    public double MinDist { get; init; }
    public int? NComponents { get; init; }
    /// <summary>UMAP's SGD epochs; null means umap-learn's default (500 up to 10,000 rows, 200 above).</summary>
    public int? NEpochs { get; init; }

    public void Validate()
    {
        if (NNeighbors < 2) throw new ArgumentException($"manifold.n_neighbors must be at least 2 (got {NNeighbors}).");
        if (!(MinDist >= 0 && MinDist <= 1)) throw new ArgumentException($"manifold.min_dist must be between 0 and 1 (got {MinDist}).");
        if (NComponents is < 1 or > 256) throw new ArgumentException($"manifold.n_components must be between 1 and 256 (got {NComponents}).");
        if (NEpochs is < 1 or > 10_000) throw new ArgumentException($"manifold.n_epochs must be between 1 and 10000 (got {NEpochs}).");
    }
}
