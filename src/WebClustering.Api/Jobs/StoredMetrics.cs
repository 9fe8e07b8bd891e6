using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using WebClustering.Api.Hosting;
using WebClustering.Core.Clustering;
using WebClustering.Core.Metrics;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Preprocessing;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// The stored form of a job's outputs. The metrics document keeps the scores' fields at the top level, as jobs have
/// always stored them, and adds the engine's details (noise, likelihood, the k curve, the DEC loss) under
/// <c>clustering</c>, so old and new documents read the same way.
/// </summary>
public static class StoredMetrics
{
    private const string DetailsKey = "clustering";
    private const string BaselineKey = "baseline";

    // Reads documents with fields this version does not know (and old ones without details).
    private static readonly JsonSerializerOptions Lenient = CreateLenient();

    public static string MetricsJson(ClusteringScores scores, ClusteringDetails details, BaselineScores? baseline = null)
    {
        var document = JsonSerializer.SerializeToNode(scores, ApiJson.Options)!.AsObject();
        document[DetailsKey] = JsonSerializer.SerializeToNode(details, ApiJson.Options);
        if (baseline is not null) document[BaselineKey] = JsonSerializer.SerializeToNode(baseline, ApiJson.Options);
        return document.ToJsonString(ApiJson.Options);
    }

    public static ClusteringScores ReadScores(string metricsJson) =>
        JsonSerializer.Deserialize<ClusteringScores>(metricsJson, Lenient)!;

    /// <summary>The scores, the engine's details and the baseline, from one parse of the document.</summary>
    /// <returns>Details and baseline are null for jobs stored before they were kept.</returns>
    public static (ClusteringScores Scores, ClusteringDetailsResponse? Details, BaselineResponse? Baseline) Read(string metricsJson)
    {
        var document = JsonNode.Parse(metricsJson)!;
        var details = document[DetailsKey]?.Deserialize<ClusteringDetailsResponse>(Lenient);
        var baseline = document[BaselineKey]?.Deserialize<BaselineScores>(Lenient) is { } stored
            ? new BaselineResponse(stored.Rows, stored.K, Method("kmeans", null, stored.KMeans),
                Method("pca_kmeans", stored.PcaComponents, stored.PcaKMeans), stored.Seconds)
            : null;
        return (document.Deserialize<ClusteringScores>(Lenient)!, details, baseline);
    }

    private static BaselineMethod Method(string name, int? components, ClusteringScores scores) =>
        new(name, components, scores.Inertia, scores.Silhouette, scores.DaviesBouldin, scores.CalinskiHarabasz, scores.External());

    public static JobResults ToJobResults(this PipelineResult result, IReadOnlyList<string> itemIds) => new(
        itemIds,
        result.Latent,
        result.ReconstructionErrors,
        result.Labels,
        result.Centroids,
        result.ClusterSizes,
        MetricsJson(result.Scores, result.Details, result.Baseline),
        [.. result.EpochLosses],
        ModelFile.Save(result.Model),
        ClusteringJson.Serialize(result.ClusteringModel),
        new FittedPreprocessing(result.Model.Table, result.Model.Scaler).ToJson());

    private static JsonSerializerOptions CreateLenient()
    {
        var options = new JsonSerializerOptions(ApiJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
