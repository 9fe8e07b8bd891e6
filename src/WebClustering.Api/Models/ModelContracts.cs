using WebClustering.Api.Jobs;

namespace WebClustering.Api.Models;

/// <summary>A registered model: what it is, what it was trained on, how it scored and where its files are.</summary>
/// <param name="FeatureNames">The input columns, in the order encode expects them.</param>
/// <param name="Preprocessing">How inputs are scaled before encoding (fitted on the training data).</param>
/// <param name="Clustering">The clustering new rows are assigned with.</param>
/// <param name="Metrics">The scores of the training job.</param>
public sealed record ModelResponse(
    Guid Id,
    Guid JobId,
    Guid DatasetId,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> FeatureNames,
    JobConfiguration Configuration,
    string Preprocessing,
    ModelClustering Clustering,
    ClustersMetrics Metrics,
    ModelLinks Links);

/// <param name="Centroids">Cluster centres in the latent space; new rows go to the nearest.</param>
public sealed record ModelClustering(string Algorithm, int K, float[][] Centroids);

public sealed record ClustersMetrics(double Inertia, double Silhouette, double DaviesBouldin, double CalinskiHarabasz, ExternalScores? External);

public sealed record ModelLinks(string Self, string Job, string Encode, string File, string PyTorchFile, string SafetensorsFile);

public sealed record ModelListResponse(IReadOnlyList<ModelResponse> Items, int Offset, int Limit);

/// <param name="Id">Optional id echoed back.</param>
/// <param name="Features">Values in the order of the model's featureNames, in the dataset's original units.</param>
public sealed record EncodeRow(string? Id, float[] Features);

/// <param name="Rows">Up to 10,000 rows.</param>
public sealed record EncodeRequest(EncodeRow[] Rows);

/// <param name="Id">The row's id, when it had one (its position otherwise).</param>
/// <param name="Distance">Euclidean distance from the vector to its cluster's centroid (absent for noise, cluster -1).</param>
/// <param name="ReconstructionError">Mean squared error of the reconstruction, in preprocessed units.</param>
public sealed record EncodedRow(string Id, float[] Vector, int Cluster, float? Distance, float ReconstructionError);

public sealed record EncodeResponse(Guid ModelId, IReadOnlyList<EncodedRow> Items);
