using WebClustering.Core.Clustering;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>The one definition of every name a job configuration takes.</summary>
public static class JobNames
{
    public const string Dense = "dense", Conv = "conv", Vae = "vae", Sequence = "sequence";

    public static readonly NameTable<string> ModelKinds = new((Dense, Dense), (Conv, Conv), (Vae, Vae), (Sequence, Sequence));

    /// <summary>A VAE's backbone: the network around its latent.</summary>
    public static readonly NameTable<string> Backbones = new((Dense, Dense), (Conv, Conv));

    public static readonly NameTable<OptimizerKind> Optimizers =
        new(("adam", OptimizerKind.Adam), ("sgd", OptimizerKind.Sgd), ("adamw", OptimizerKind.AdamW));

    public static readonly NameTable<ScalingKind> Preprocessings = new(("standardize", ScalingKind.Standardize),
        ("minmax", ScalingKind.MinMax), ("range", ScalingKind.Range), ("none", ScalingKind.None));

    /// <summary>What a job does with the gaps a CSV table was uploaded with (keep is an upload's choice, not a job's).</summary>
    public static readonly NameTable<MissingValueStrategy> MissingValues = new(("refuse", MissingValueStrategy.Refuse),
        ("mean", MissingValueStrategy.Mean), ("median", MissingValueStrategy.Median));

    public static readonly NameTable<ClusteringAlgorithm> Algorithms = new(("kmeans", ClusteringAlgorithm.KMeans),
        ("minibatch_kmeans", ClusteringAlgorithm.MiniBatchKMeans), ("gmm", ClusteringAlgorithm.Gmm),
        ("agglomerative", ClusteringAlgorithm.Agglomerative), ("dbscan", ClusteringAlgorithm.Dbscan),
        ("hdbscan", ClusteringAlgorithm.Hdbscan), ("dec", ClusteringAlgorithm.Dec), ("idec", ClusteringAlgorithm.Idec),
        ("manifold", ClusteringAlgorithm.Manifold));

    /// <summary>n2d: UMAP with 20 neighbours and min_dist 0 into k dimensions, then a Gaussian mixture of 10 starts.</summary>
    public const string N2D = "n2d";

    public static readonly NameTable<string> Presets = new((N2D, "manifold"));
}
