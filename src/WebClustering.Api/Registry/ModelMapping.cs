using WebClustering.Api.Jobs;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Core.Preprocessing;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Registry;

public static class ModelMapping
{
    /// <param name="lineage">The models it was fine-tuned from, parent first (<see cref="ModelStore.LineageAsync"/>); none in lists.</param>
    public static ModelResponse ToResponse(this ModelRecord model, IReadOnlyList<string> featureNames, IReadOnlyList<ModelAncestor>? lineage = null)
    {
        var (configuration, _) = JobPlan.Parse(model.ConfigJson);
        var scores = StoredMetrics.ReadScores(model.MetricsJson);
        var self = $"/api/models/{model.Id}";
        string scaling = configuration.Training.Preprocessing ?? JobDefaults.Preprocessing;
        return new ModelResponse(model.Id, model.JobId, model.DatasetId, model.CreatedAt, featureNames, configuration, scaling,
            new ModelClustering(configuration.Clustering.EffectiveAlgorithm(), model.K, model.Centroids.AsRows(model.K, model.LatentDim)),
            new ClustersMetrics(scores.Inertia, scores.Silhouette, scores.DaviesBouldin, scores.CalinskiHarabasz, scores.External()),
            new ModelLinks(self, $"/api/jobs/{model.JobId}", $"{self}/encode", $"{self}/file", $"{self}/file?format=pytorch",
                $"{self}/file?format=safetensors", $"{self}/file?format=onnx", NameLink(model.Name), $"/api/jobs/{model.JobId}/embeddings",
                $"/api/jobs/{model.JobId}/items/{{itemId}}/similar"),
            model.PreprocessingJson is { } json ? ToResponse(FittedPreprocessing.FromJson(json), scaling) : null,
            model.Name, model.Version, model.Aliases ?? [],
            lineage?.Select(a => new ModelAncestorResponse(a.Id, a.Name, a.Version, $"/api/models/{a.Id}")).ToList());
    }

    /// <summary>The registry path of a model name, escaped as one path segment.</summary>
    public static string NameLink(string name) => $"/api/models/names/{Uri.EscapeDataString(name)}";

    private static FittedPreprocessingResponse ToResponse(FittedPreprocessing fitted, string scaling) =>
        new(fitted.Table, scaling, fitted.Scaler.Offset, fitted.Scaler.Scale);
}
