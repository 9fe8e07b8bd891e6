using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using WebClustering.Api.Hosting;
using WebClustering.Core.Clustering;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Preprocessing;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// Stored form of an engine job's outputs. The metrics document keeps the scores' fields at the top level, as jobs
/// have always stored them, and adds the engine's details (noise, likelihood, the k curve, the DEC loss) under
/// <c>clustering</c>, so old and new documents read the same way.
/// </summary>
public static class EngineResults
{
    private const string DetailsKey = "clustering";

    // Reads documents with fields this version does not know (and old ones without details).
    private static readonly JsonSerializerOptions Lenient = CreateLenient();

    public static string MetricsJson(ClusteringScores scores, ClusteringDetails details)
    {
        var document = JsonSerializer.SerializeToNode(scores, ApiJson.Options)!.AsObject();
        document[DetailsKey] = JsonSerializer.SerializeToNode(details, ApiJson.Options);
        return document.ToJsonString(ApiJson.Options);
    }

    public static ClusteringScores ReadScores(string metricsJson) =>
        JsonSerializer.Deserialize<ClusteringScores>(metricsJson, Lenient)!;

    public static ClusteringDetails? ReadDetails(string metricsJson) =>
        JsonNode.Parse(metricsJson)?[DetailsKey] is { } details ? details.Deserialize<ClusteringDetails>(Lenient) : null;

    public static JobResults ToJobResults(this EnginePipelineResult result, string[] itemIds) => new(
        itemIds,
        result.Latent,
        result.ReconstructionErrors,
        result.Labels,
        result.Centroids,
        result.ClusterSizes,
        MetricsJson(result.Scores, result.Details),
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
