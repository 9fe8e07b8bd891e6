using System.Text.Json;
using WebClustering.Api.Datasets;
using WebClustering.Api.Hosting;
using WebClustering.Api.Jobs;
using WebClustering.Api.Models;
using WebClustering.Api.Serving;
using WebClustering.Core.Clustering;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api;

/// <summary>The one place where requests, stored rows, core types and responses are mapped onto each other.</summary>
public static class Mapping
{
    public static DatasetResponse ToResponse(this DatasetRecord record) => new(
        record.Id, record.Name, record.RowCount, record.FeatureNames, record.IdColumn, record.LabelColumn, record.CreatedAt,
        record.Kind, record.ItemShape, record.TableEncoding());

    /// <summary>The CSV table encoding recorded at upload; null for other formats and for tables uploaded before it was kept.</summary>
    public static TableEncoding? TableEncoding(this DatasetRecord record) =>
        record.TableEncodingJson is { } json ? Core.Preprocessing.TableEncoding.FromJson<TableEncoding>(json) : null;

    public static JobConfiguration WithDefaults(this CreateJobRequest request)
    {
        var model = request.Model ?? new ModelConfig();
        return new JobConfiguration(
            model with { HiddenLayers = model.HiddenLayers ?? ModelConfig.DefaultHiddenLayers },
            request.Training ?? new TrainingConfig(),
            (request.Clustering ?? new ClusteringConfig()).WithPresetAlgorithm());
    }

    public static string ToJson(this JobConfiguration configuration) => JsonSerializer.Serialize(configuration, ApiJson.Options);

    public static JobConfiguration ParseConfiguration(string json) =>
        JsonSerializer.Deserialize<JobConfiguration>(json, ApiJson.Options)
        ?? throw new InvalidDataException("The job has no configuration.");

    public static IReadOnlyList<Storage.Jobs.EpochRecord> ToEpochRecords(this IReadOnlyList<Core.Training.EpochRecord> history) =>
        [.. history.Select(e => new Storage.Jobs.EpochRecord(e.Epoch, e.TrainingLoss, e.ValidationLoss, e.LearningRate))];

    public static JobHistoryResponse ToHistoryResponse(this IReadOnlyList<Storage.Jobs.EpochRecord> epochs, Guid jobId) =>
        new(jobId, [.. epochs.Select(e => new EpochResponse(e.Epoch, e.TrainingLoss, e.ValidationLoss, e.LearningRate))]);

    public static JobResponse ToResponse(this JobRecord job) => new(
        job.Id, job.DatasetId, job.State, job.Progress, job.Epoch, job.Epochs, job.Loss, job.Error, job.Attempts,
        job.CreatedAt, job.StartedAt, job.FinishedAt, ParseConfiguration(job.ConfigJson),
        job.State == JobStates.Running ? Progress.TimeLeft.Estimate(job.StartedAt, job.Progress, DateTimeOffset.UtcNow) : null,
        job.Worker, job.ResumedFromEpoch);

    /// <param name="config">The job's configuration.</param>
    /// <param name="dataset">The dataset: its kind and item shape shape the model.</param>
    public static PipelineOptions ToPipelineOptions(this JobConfiguration config, DatasetRecord dataset) => new(
        ModelSpecs.Build(config.Model, dataset.Kind, dataset.ItemShape),
        config.Training.ToTrainingOptions(),
        config.Training.Preprocessing switch
        {
            "minmax" => ScalingKind.MinMax,
            "none" => ScalingKind.None,
            _ => ScalingKind.Standardize,
        },
        new KMeansOptions(config.Clustering.K, config.Clustering.NInit, Seed: config.Training.Seed));

    public static string ToJson(this ClusteringScores scores) => JsonSerializer.Serialize(scores, ApiJson.Options);

    public static EmbeddingResponse ToResponse(this EmbeddingRecord record, EmbeddingFields fields) => new(
        record.ItemId,
        fields.HasFlag(EmbeddingFields.Cluster) ? record.Cluster : null,
        fields.HasFlag(EmbeddingFields.Vector) ? record.Latent : null,
        fields.HasFlag(EmbeddingFields.ReconstructionError) ? record.ReconstructionError : null);

    public static ClustersResponse ToResponse(this ClusterSummaryRecord summary)
    {
        var scores = EngineResults.ReadScores(summary.MetricsJson);
        return new ClustersResponse(summary.K, Rows(summary.Centroids, summary.K, summary.LatentDim), summary.ClusterSizes,
            scores.Inertia, scores.Silhouette, scores.DaviesBouldin, scores.CalinskiHarabasz, External(scores), summary.EpochLosses,
            EngineResults.ReadDetails(summary.MetricsJson));
    }

    public static ModelResponse ToResponse(this ModelRecord model, IReadOnlyList<string> featureNames)
    {
        var configuration = ParseConfiguration(model.ConfigJson);
        var scores = EngineResults.ReadScores(model.MetricsJson);
        var self = $"/api/models/{model.Id}";
        return new ModelResponse(model.Id, model.JobId, model.DatasetId, model.CreatedAt, featureNames, configuration,
            configuration.Training.Preprocessing,
            new ModelClustering(configuration.Clustering.EffectiveAlgorithm(), model.K, Rows(model.Centroids, model.K, model.LatentDim)),
            new ClustersMetrics(scores.Inertia, scores.Silhouette, scores.DaviesBouldin, scores.CalinskiHarabasz, External(scores)),
            new ModelLinks(self, $"/api/jobs/{model.JobId}", $"{self}/encode", $"{self}/file", $"{self}/file?format=pytorch",
                $"{self}/file?format=safetensors"),
            model.PreprocessingJson is { } json ? ToResponse(FittedPreprocessing.FromJson(json), configuration.Training.Preprocessing) : null);
    }

    private static FittedPreprocessingResponse ToResponse(FittedPreprocessing fitted, string scaling) =>
        new(fitted.Table, scaling, fitted.Scaler.Offset, fitted.Scaler.Scale);

    private static ExternalScores? External(ClusteringScores scores) =>
        scores is { Accuracy: { } acc, Nmi: { } nmi, Ari: { } ari } ? new ExternalScores(acc, nmi, ari) : null;

    private static float[][] Rows(float[] values, int rows, int cols) =>
        [.. Enumerable.Range(0, rows).Select(r => values.AsSpan(r * cols, cols).ToArray())];
}
