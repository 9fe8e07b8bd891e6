namespace WebClustering.Api.Jobs;

/// <summary>A training and clustering job. Everything but <c>datasetId</c> has a default.</summary>
/// <param name="DatasetId">The dataset to train on.</param>
/// <param name="Model">The autoencoder.</param>
/// <param name="Training">How to train it.</param>
/// <param name="Clustering">How to cluster the latent vectors.</param>
public sealed record CreateJobRequest(Guid DatasetId, ModelConfig? Model = null, TrainingConfig? Training = null, ClusteringConfig? Clustering = null);

/// <param name="Kind">Autoencoder kind: <c>dense</c>, <c>conv</c>, <c>vae</c> or <c>sequence</c> (options of the other kinds in ModelKinds.cs).</param>
/// <param name="HiddenLayers">Encoder hidden layer widths from input to latent; the decoder mirrors them.</param>
/// <param name="LatentDim">Size of the latent vector (the embedding).</param>
/// <param name="Activation">relu, leaky_relu, prelu, elu, softplus, sigmoid, tanh, hardtanh or identity.</param>
public sealed partial record ModelConfig(string Kind = "dense", int[]? HiddenLayers = null, int LatentDim = 10, string Activation = "relu")
{
    public static readonly int[] DefaultHiddenLayers = [128, 64];
}

/// <param name="Epochs">Passes over the data.</param>
/// <param name="BatchSize">Rows per minibatch; minibatches are shuffled by the seed.</param>
/// <param name="LearningRate">Optimiser step size.</param>
/// <param name="Optimizer">adam, sgd or adamw (their options in TrainingOptionsConfig.cs).</param>
/// <param name="Seed">Seeds the initial weights, the batch order and k-means.</param>
/// <param name="Preprocessing">standardize (z-score per feature), minmax (to [0, 1]) or none.</param>
public sealed partial record TrainingConfig(int Epochs = 50, int BatchSize = 256, double LearningRate = 1e-3, string Optimizer = "adam",
    int Seed = 0, string Preprocessing = "standardize");

/// <param name="Algorithm">kmeans, minibatch_kmeans, gmm, agglomerative, dbscan, hdbscan, dec, idec or manifold.</param>
/// <param name="K">Number of clusters, from 2 to the number of rows (ignored by dbscan and hdbscan, and when kRange is set).</param>
/// <param name="NInit">k-means restarts (k-means++ start each; also the k-means start of dec and idec); the lowest inertia is kept.</param>
/// <param name="KRange">Try every k from min to max and keep the best by selection; the curve is returned.</param>
/// <param name="Selection">With kRange: silhouette (default), davies_bouldin or bic (gmm only).</param>
/// <param name="Distance">euclidean (default) or cosine.</param>
/// <param name="Standardize">Standardise the latent columns before clustering.</param>
/// <param name="Options">The chosen algorithm's own options (snake_case or camelCase), e.g. {"eps":0.5,"minSamples":5} for dbscan.</param>
/// <param name="Preset">A named recipe: n2d (UMAP with 20 neighbours and min_dist 0 into k dimensions, then a Gaussian mixture).</param>
public sealed record ClusteringConfig(string Algorithm = "kmeans", int K = 10, int NInit = 10, KRangeConfig? KRange = null,
    string? Selection = null, string? Distance = null, bool? Standardize = null, System.Text.Json.Nodes.JsonObject? Options = null,
    string? Preset = null);

/// <summary>Inclusive range of cluster counts.</summary>
public sealed record KRangeConfig(int Min, int Max);

/// <summary>The configuration as the job runs it, defaults filled in.</summary>
public sealed record JobConfiguration(ModelConfig Model, TrainingConfig Training, ClusteringConfig Clustering);

/// <summary>A job's state and progress.</summary>
/// <param name="State">queued, running, succeeded, failed or cancelled.</param>
/// <param name="Progress">From 0 to 1.</param>
/// <param name="Error">Why the job failed, when it did.</param>
/// <param name="RemainingSeconds">Estimated time left while running (the same estimate as the events'); null otherwise.</param>
/// <param name="Attempts">Attempts started: more than one when a worker died or stopped, or a transient fault (a lost database connection) ended one.</param>
/// <param name="Worker">The worker process (host:pid) of the latest attempt.</param>
/// <param name="ResumedFromEpoch">The epoch of the checkpoint the latest attempt resumed from; absent when it started afresh.</param>
public sealed record JobResponse(
    Guid Id,
    Guid DatasetId,
    string State,
    double Progress,
    int Epoch,
    int Epochs,
    double? Loss,
    string? Error,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    JobConfiguration Configuration,
    double? RemainingSeconds = null,
    string? Worker = null,
    int? ResumedFromEpoch = null);

public sealed record JobListResponse(IReadOnlyList<JobResponse> Items, long Total, int Offset, int Limit);

/// <param name="ItemId">The row's id (the id column's value, or its row number).</param>
/// <param name="Cluster">The cluster the row was assigned to (omitted unless asked for in fields).</param>
/// <param name="Vector">The latent vector (omitted unless asked for in fields).</param>
/// <param name="ReconstructionError">Mean squared error of the row's reconstruction (omitted unless asked for).</param>
public sealed record EmbeddingResponse(string ItemId, int? Cluster = null, float[]? Vector = null, float? ReconstructionError = null);

/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
/// <param name="Total">Items in the job (in the cluster, when filtered by one).</param>
public sealed record EmbeddingsPage(IReadOnlyList<EmbeddingResponse> Items, int Limit, int Total, string? NextCursor, int Offset = 0);

/// <param name="ItemIds">Up to 10,000 item ids.</param>
/// <param name="Fields">Comma-separated: vector, cluster, reconstructionError (default vector,cluster).</param>
public sealed record EmbeddingBatchRequest(string[] ItemIds, string? Fields = null);

/// <param name="Items">The embeddings found, in the order the ids were asked for.</param>
/// <param name="Missing">Requested ids the job has no embedding for.</param>
public sealed record EmbeddingBatchResponse(IReadOnlyList<EmbeddingResponse> Items, IReadOnlyList<string> Missing);

/// <param name="Threshold">The smallest reconstruction error among the items listed.</param>
public sealed record AnomaliesResponse(IReadOnlyList<EmbeddingResponse> Items, float? Threshold);

/// <summary>Scores against the dataset's label column (used for evaluation only).</summary>
/// <param name="Accuracy">ACC: the best one-to-one matching of clusters to labels (Hungarian algorithm).</param>
/// <param name="Nmi">Normalised mutual information (arithmetic mean).</param>
/// <param name="Ari">Adjusted Rand index.</param>
public sealed record ExternalScores(double Accuracy, double Nmi, double Ari);

public sealed record ClustersResponse(
    int K,
    float[][] Centroids,
    int[] Sizes,
    double Inertia,
    double Silhouette,
    double DaviesBouldin,
    double CalinskiHarabasz,
    ExternalScores? External,
    double[] EpochLosses,
    WebClustering.Core.Pipeline.ClusteringDetails? Clustering = null);
