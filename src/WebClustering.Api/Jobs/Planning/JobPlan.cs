using System.Text.Json;
using WebClustering.Api.Datasets;
using WebClustering.Api.Hosting;
using WebClustering.Core.Clustering;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// One job's plan: its configuration with every field resolved (what the client sent, the rest chosen by
/// <see cref="JobPlanner"/> when the job was posted), the record of what was chosen and why, and the engine's inputs
/// derived from them for the job's dataset. It is stored with the job, and every caller (the attempt, the live latent
/// map, the results) loads it from there rather than reading the configuration itself.
/// </summary>
public sealed class JobPlan
{
    private readonly string datasetKind;
    private readonly int[] itemShape;

    public JobPlan(JobConfiguration configuration, IReadOnlyList<PlanChoice> choices, string datasetKind, int[] itemShape)
    {
        Configuration = configuration;
        Choices = choices;
        this.datasetKind = datasetKind;
        this.itemShape = itemShape;
    }

    public JobConfiguration Configuration { get; }

    /// <summary>Fine-tuning: the model named by training.initFrom, as found when the job was posted (not stored; the id is).</summary>
    public ParentModel? Parent { get; init; }

    /// <summary>The fields the service chose, each with its reason; empty for jobs stored before plans were recorded.</summary>
    public IReadOnlyList<PlanChoice> Choices { get; }

    // The engine's inputs are derived on use: a plan is validated (JobConfigurationValidator) before they are read.
    /// <exception cref="ArgumentException">A name in the configuration is unknown (a plan that was never validated).</exception>
    public AutoencoderSpec Model => ModelSpecs.Build(Configuration.Model, datasetKind, itemShape);

    public TrainingOptions Training
    {
        get
        {
            var training = Configuration.Training;
            return new TrainingOptions(training.Epochs ?? JobDefaults.Epochs, training.BatchSize ?? JobDefaults.BatchSize,
                training.LearningRate ?? JobDefaults.LearningRate, JobNames.Optimizers[training.Optimizer ?? JobDefaults.Optimizer],
                training.Seed ?? JobDefaults.Seed)
            {
                Momentum = training.Momentum ?? 0.9,
                Nesterov = training.Nesterov,
                WeightDecay = training.WeightDecay,
                Loss = training.Loss ?? ReconstructionLoss.Mse,
                Schedule = training.Schedule,
                MaxGradNorm = training.MaxGradNorm,
                ValidationFraction = training.ValidationFraction,
                EarlyStopping = training.EarlyStopping,
                Noise = training.Noise,
            };
        }
    }

    public ScalingKind Scaling => JobNames.Preprocessings[Configuration.Training.Preprocessing ?? JobDefaults.Preprocessing];

    public MissingValueStrategy MissingValues => JobNames.MissingValues[Configuration.Training.MissingValues ?? JobDefaults.MissingValues];

    /// <exception cref="JsonException">An unknown clustering option (a plan that was never validated).</exception>
    public ClusteringSpec Clustering => ClusteringSpecs.Build(Configuration.Clustering);

    public PipelineOptions Pipeline => new(Model, Training, Scaling, Clustering);

    /// <summary>
    /// Fills a CSV table's gaps (kept as NaN at upload) in place as this job fills them, before anything else sees the
    /// rows; the fill values go with the model. Null for datasets that are not CSV tables.
    /// </summary>
    public TablePreprocessing? FillGaps(DatasetRecord dataset, Core.Matrix features)
    {
        if (dataset.TableEncoding() is not { } encoding) return null;
        var table = TablePreprocessing.Fit(encoding, MissingValues, features, dataset.IdColumn, dataset.LabelColumn);
        table.Impute(features);
        return table;
    }

    /// <summary>The stored form: the configuration's document with the choices beside it.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new StoredPlan(Configuration.Model, Configuration.Training, Configuration.Clustering, Choices, Configuration.ModelName), ApiJson.Options);

    /// <summary>The plan stored with a job; configurations stored before plans (no <c>chosen</c>) load with no choices.</summary>
    public static JobPlan Load(string json, DatasetRecord dataset)
    {
        var (configuration, choices) = Parse(json);
        return new JobPlan(configuration, choices, dataset.Kind, dataset.ItemShape);
    }

    /// <summary>The configuration and choices alone, for responses that need no dataset.</summary>
    public static (JobConfiguration Configuration, IReadOnlyList<PlanChoice> Choices) Parse(string json)
    {
        var stored = JsonSerializer.Deserialize<StoredPlan>(json, ApiJson.Options) ?? throw new InvalidDataException("The job has no plan.");
        return (new JobConfiguration(stored.Model, stored.Training, stored.Clustering, stored.ModelName), stored.Chosen ?? []);
    }

    // modelName is read by the registry's SQL when the job's model is registered (Storage's ModelNames).
    private sealed record StoredPlan(ModelConfig Model, TrainingConfig Training, ClusteringConfig Clustering, IReadOnlyList<PlanChoice>? Chosen,
        string? ModelName = null);
}
