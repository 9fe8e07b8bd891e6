using WebClustering.Api.Jobs.Planning;
using WebClustering.Api.Jobs;

namespace WebClustering.Api.Registry;

/// <summary>A registered model: what it is, what it was trained on, how it scored and where its files are.</summary>
/// <param name="FeatureNames">The input columns, in the order encode expects them.</param>
/// <param name="Preprocessing">How inputs are scaled before encoding (fitted on the training data).</param>
/// <param name="FittedPreprocessing">Everything fitted to turn raw rows into the model's input: for CSV tables the raw columns with the fill values the job used and the categories, then the scaler.</param>
/// <param name="Clustering">The clustering new rows are assigned with.</param>
/// <param name="Metrics">The scores of the training job.</param>
/// <param name="Name">The registry name, unique within the tenant (by default the dataset's name).</param>
/// <param name="Version">The version within the name: 1, 2, ... in the order the name's models were registered.</param>
/// <param name="Aliases">The name's aliases that point at this version (production, staging, ...).</param>
/// <param name="Lineage">The models this one was fine-tuned from (training.initFrom), its parent first; empty when trained from scratch.</param>
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
    ModelLinks Links,
    FittedPreprocessingResponse? FittedPreprocessing = null,
    string Name = "",
    int Version = 0,
    IReadOnlyList<string>? Aliases = null,
    IReadOnlyList<ModelAncestorResponse>? Lineage = null);

/// <summary>A model up the lineage: a parent, a grandparent, ...</summary>
/// <param name="Self">The model, while it exists.</param>
public sealed record ModelAncestorResponse(Guid Id, string Name, int Version, string Self);

/// <param name="Table">CSV tables: raw columns in file order, each numeric with its <c>fill</c> or categorical with its <c>categories</c> (one-hot, in that order) and <c>fillCategory</c>; <c>missing</c> says which fill values the job used (refuse: none). Applied first.</param>
/// <param name="Scaling">standardize, minmax or none, applied to the features next: (x - offset) / scale.</param>
public sealed record FittedPreprocessingResponse(WebClustering.Core.Preprocessing.TablePreprocessing? Table, string Scaling, float[] Offset, float[] Scale);

/// <param name="Centroids">Cluster centres in the latent space; new rows go to the nearest.</param>
public sealed record ModelClustering(string Algorithm, int K, float[][] Centroids);

public sealed record ClustersMetrics(double Inertia, double Silhouette, double DaviesBouldin, double CalinskiHarabasz, ExternalScores? External);

/// <param name="OnnxFile">The encoder and decoder as ONNX graphs with the fitted scaling inside (a zip).</param>
/// <param name="Name">The model's name in the registry: its versions and aliases.</param>
/// <param name="Embeddings">The training job's embeddings of its dataset (paging, batch reads).</param>
/// <param name="Similar">Similar items among the training job's embeddings ({itemId} to fill in).</param>
public sealed record ModelLinks(string Self, string Job, string Encode, string File, string PyTorchFile, string SafetensorsFile,
    string OnnxFile, string? Name = null, string? Embeddings = null, string? Similar = null);

public sealed record ModelListResponse(IReadOnlyList<ModelResponse> Items, int Offset, int Limit);

/// <summary>One row to encode: either its features, or (models of CSV tables) its raw values by column name.</summary>
/// <param name="Id">Optional id echoed back (else the dataset's id column in <c>values</c>, else the row's position).</param>
/// <param name="Features">Values in the order of the model's featureNames, in the dataset's original units.</param>
/// <param name="Values">Raw cells keyed by the CSV's column names, e.g. {"age": 31, "city": "Paris"}: a missing key, null or "" is a gap (the model's fill value, or 400 when its job refused gaps), an unknown category is a 400. The dataset's id and label columns are skipped.</param>
public sealed record EncodeRow(string? Id = null, float[]? Features = null, System.Text.Json.Nodes.JsonObject? Values = null);

/// <param name="Rows">Up to 10,000 rows.</param>
public sealed record EncodeRequest(EncodeRow[] Rows);

/// <param name="Id">The row's id, when it had one (its position otherwise).</param>
/// <param name="Distance">Euclidean distance from the vector to its cluster's centroid (absent for noise, cluster -1).</param>
/// <param name="ReconstructionError">Mean squared error of the reconstruction, in preprocessed units.</param>
public sealed record EncodedRow(string Id, float[] Vector, int Cluster, float? Distance, float ReconstructionError);

public sealed record EncodeResponse(Guid ModelId, IReadOnlyList<EncodedRow> Items);
