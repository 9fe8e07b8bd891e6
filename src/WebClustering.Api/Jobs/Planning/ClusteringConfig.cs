using System.Text.Json.Nodes;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>How to cluster the latent vectors. Fields left out are chosen by the service.</summary>
/// <param name="Algorithm">kmeans, minibatch_kmeans, gmm, agglomerative, dbscan, hdbscan, dec, idec or manifold.</param>
/// <param name="K">Number of clusters, from 2 to the number of rows (ignored by dbscan and hdbscan, and when kRange is set).</param>
/// <param name="NInit">k-means restarts (k-means++ start each; also the k-means start of dec and idec); the lowest inertia is kept.</param>
/// <param name="KRange">Try every k from min to max and keep the best by selection; the curve is returned.</param>
/// <param name="Selection">With kRange: silhouette (default), davies_bouldin or bic (gmm only).</param>
/// <param name="Distance">euclidean (default) or cosine.</param>
/// <param name="Standardize">Standardise the latent columns before clustering.</param>
/// <param name="Options">The chosen algorithm's own options (snake_case or camelCase), e.g. {"eps":0.5,"minSamples":5} for dbscan.</param>
/// <param name="Preset">A named recipe: n2d (UMAP with 20 neighbours and min_dist 0 into k dimensions, then a Gaussian mixture).</param>
public sealed record ClusteringConfig(string? Algorithm = null, int? K = null, int? NInit = null, KRangeConfig? KRange = null,
    string? Selection = null, string? Distance = null, bool? Standardize = null, JsonObject? Options = null, string? Preset = null);

/// <summary>Inclusive range of cluster counts.</summary>
public sealed record KRangeConfig(int Min, int Max);
