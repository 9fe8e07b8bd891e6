using WebClustering.Api.Jobs.Planning;

namespace WebClustering.Api.Jobs;

/// <summary>A job's state and progress.</summary>
/// <param name="State">queued, running, succeeded, failed or cancelled.</param>
/// <param name="Progress">From 0 to 1.</param>
/// <param name="Error">Why the job failed, when it did.</param>
/// <param name="RemainingSeconds">Estimated time left while running (the same estimate as the events'); null otherwise.</param>
/// <param name="Attempts">Attempts that counted against the limit (WebClustering:MaxAttempts): more than one when a worker died or a
/// transient fault (a lost database connection) ended one. A worker stopped gracefully (a restart) gives its attempt back.</param>
/// <param name="Worker">The worker process (host:pid) of the latest attempt.</param>
/// <param name="ResumedFromEpoch">The epoch of the checkpoint the latest attempt resumed from; absent when it started afresh.</param>
/// <param name="Chosen">The configuration's fields that the request left out and the service chose, each with its reason.</param>
/// <param name="Runs">Attempts started, those handed back by a restart included.</param>
/// <param name="Configuration">A training job's configuration; an encoding job's is that of the model it encodes with.</param>
/// <param name="Kind">training (trains and registers a model) or encoding (encodes a dataset with a registered model:
/// POST /api/models/{id}/encodings).</param>
/// <param name="ModelId">An encoding job's model; absent for training jobs (their model: GET /api/models?jobId=).</param>
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
    int? ResumedFromEpoch = null,
    IReadOnlyList<PlanChoice>? Chosen = null,
    int Runs = 0,
    string Kind = "training",
    Guid? ModelId = null);

public sealed record JobListResponse(IReadOnlyList<JobResponse> Items, long Total, int Offset, int Limit);

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
    ClusteringDetailsResponse? Clustering = null,
    BaselineResponse? Baseline = null);

/// <summary>
/// Plain clusterings of the job's preprocessed input with the k the job ended with, to show what the autoencoder
/// added: compare each method's <c>external</c> scores with the job's. Internal scores are measured in each method's own space.
/// </summary>
/// <param name="Rows">Rows clustered: every row, or an evenly spaced sample of 20,000 on larger datasets.</param>
/// <param name="K">The job's k.</param>
/// <param name="KMeans">k-means (10 k-means++ starts, the job's seed) on the preprocessed rows.</param>
/// <param name="Pca">k-means on the rows' leading principal components, as many as the latent has dimensions.</param>
/// <param name="Seconds">What computing the baseline added to the job's time.</param>
public sealed record BaselineResponse(int Rows, int K, BaselineMethod KMeans, BaselineMethod Pca, double Seconds);

/// <param name="Method">kmeans or pca_kmeans.</param>
/// <param name="Components">PCA components kept (pca_kmeans only).</param>
public sealed record BaselineMethod(string Method, int? Components, double Inertia, double Silhouette, double DaviesBouldin,
    double CalinskiHarabasz, ExternalScores? External);

/// <summary>What the clustering algorithm reports besides the scores; fields that do not apply are absent.</summary>
/// <param name="Algorithm">The algorithm that ran.</param>
/// <param name="K">Clusters found (noise excluded).</param>
/// <param name="NoiseCount">Rows in no cluster (dbscan, hdbscan).</param>
/// <param name="LogLikelihood">Gaussian mixtures: mean log-likelihood per row.</param>
/// <param name="Bic">Gaussian mixtures: Bayesian information criterion.</param>
/// <param name="Selection">With kRange: the score that chose k.</param>
/// <param name="KCurve">With kRange: the score of every k tried.</param>
/// <param name="ClusteringLoss">dec and idec: mean KL(P||Q) between target updates.</param>
public sealed record ClusteringDetailsResponse(string Algorithm, int K, int NoiseCount, double? LogLikelihood, double? Bic, string? Selection,
    IReadOnlyList<KScoreResponse>? KCurve, IReadOnlyList<double>? ClusteringLoss);

/// <param name="K">A number of clusters tried.</param>
/// <param name="Score">Its score by the selection criterion.</param>
public sealed record KScoreResponse(int K, double Score);
