using WebClustering.Core.Models;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Jobs;

/// <summary>
/// Checks a job configuration against itself and its dataset before anything is queued, so that a job never fails
/// later for a reason the client could have been told at once. Keys are the JSON paths of the offending fields.
/// </summary>
public static class JobConfigurationValidator
{
    public static readonly string[] Optimizers = TrainingConfig.Optimizers;
    public static readonly string[] Preprocessings = ["standardize", "minmax", "none"];
    public static readonly string[] Algorithms = ClusteringSpecMapping.Algorithms;
    public static readonly string[] Kinds = ModelSpecs.Kinds;

    public static Dictionary<string, string[]> Validate(JobConfiguration config, DatasetRecord? dataset, Guid datasetId)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (dataset is null) Add("datasetId", $"There is no dataset with id '{datasetId}'.");

        var model = config.Model;
        if (!Kinds.Contains(model.Kind)) Add("model.kind", $"Unknown model kind '{model.Kind}'. Supported: {string.Join(", ", Kinds)}.");
        if (model.HiddenLayers!.Length > 16) Add("model.hiddenLayers", "At most 16 hidden layers are supported.");
        if (model.HiddenLayers.Any(width => width is < 1 or > 16384))
            Add("model.hiddenLayers", "Every hidden layer must have between 1 and 16384 units.");
        if (model.LatentDim is < 1 or > 4096) Add("model.latentDim", "latentDim must be between 1 and 4096.");
        if (ActivationProblem(model.Activation) is { } activationProblem) Add("model.activation", activationProblem);

        var training = config.Training;
        if (training.Epochs is < 1 or > 100_000) Add("training.epochs", "epochs must be between 1 and 100000.");
        if (training.BatchSize is < 1 or > 65_536) Add("training.batchSize", "batchSize must be between 1 and 65536.");
        if (!(training.LearningRate > 0 && training.LearningRate <= 10)) Add("training.learningRate", "learningRate must be greater than 0 and at most 10.");
        if (training.CheckpointEvery is < 0 or > 100_000) Add("training.checkpointEvery", "checkpointEvery must be between 0 (no periodic checkpoints) and 100000 epochs.");
        if (!Optimizers.Contains(training.Optimizer)) Add("training.optimizer", $"Unknown optimizer '{training.Optimizer}'. Supported: {string.Join(", ", Optimizers)}.");
        if (!Preprocessings.Contains(training.Preprocessing)) Add("training.preprocessing", $"Unknown preprocessing '{training.Preprocessing}'. Supported: {string.Join(", ", Preprocessings)}.");
        if (!TrainingConfig.MissingValueChoices.Contains(training.MissingValues))
            Add("training.missingValues", $"Unknown missingValues '{training.MissingValues}'. Supported: {string.Join(", ", TrainingConfig.MissingValueChoices)}.");
        else if (training.MissingValues == "refuse" && dataset?.TableEncoding() is { HasKeptGaps: true, FirstMissing: { } gap })
            Add("training.missingValues", $"{gap}: the value is missing, and this job refuses missing values. Set training.missingValues " +
                "to mean or median to fill the dataset's gaps.");

        ClusteringConfigValidator.Validate(config.Clustering, dataset, Add);
        ModelFitChecks.Collect(config, dataset, Add);
        return errors;
    }

    private static string? ActivationProblem(string name)
    {
        try
        {
            Activations.Parse(name);
            return null;
        }
        catch (ArgumentException error)
        {
            return error.Message;
        }
    }
}
