using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Core.Models;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Jobs;

/// <summary>
/// Checks a job configuration against itself and its dataset before anything is queued, so that a job never fails
/// later for a reason the client could have been told at once. Keys are the JSON paths of the offending fields. It
/// reads a planned configuration: every field the engine needs is set, sent or chosen.
/// </summary>
public static class JobConfigurationValidator
{
    public static Dictionary<string, string[]> Validate(JobPlan plan, DatasetRecord? dataset, Guid datasetId)
    {
        var config = plan.Configuration;
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (dataset is null) Add("datasetId", $"There is no dataset with id '{datasetId}'.");

        var model = config.Model;
        if (!JobNames.ModelKinds.Contains(model.Kind)) Add("model.kind", JobNames.ModelKinds.Unknown("model kind", model.Kind));
        if (model.HiddenLayers is { } hidden)
        {
            if (hidden.Length > 16) Add("model.hiddenLayers", "At most 16 hidden layers are supported.");
            if (hidden.Any(width => width is < 1 or > 16384)) Add("model.hiddenLayers", "Every hidden layer must have between 1 and 16384 units.");
        }
        if (model.LatentDim is < 1 or > 4096) Add("model.latentDim", "latentDim must be between 1 and 4096.");
        if (model.Activation is { } activation && ActivationProblem(activation.Name) is { } activationProblem) Add("model.activation", activationProblem);
        // Fields sent for a kind that does not use them; checked on posting only, stored plans are not re-checked.
        foreach (var (path, message) in ModelFields.NotApplicable(model, dataset?.Kind ?? "table")) Add(path, message);

        var training = config.Training;
        if (training.Epochs is < 1 or > 100_000) Add("training.epochs", "epochs must be between 1 and 100000.");
        if (training.BatchSize is < 1 or > 65_536) Add("training.batchSize", "batchSize must be between 1 and 65536.");
        if (!(training.LearningRate > 0 && training.LearningRate <= 10)) Add("training.learningRate", "learningRate must be greater than 0 and at most 10.");
        if (training.CheckpointEvery is < 0 or > 100_000) Add("training.checkpointEvery", "checkpointEvery must be between 0 (no periodic checkpoints) and 100000 epochs.");
        if (!JobNames.Optimizers.Contains(training.Optimizer)) Add("training.optimizer", JobNames.Optimizers.Unknown("optimizer", training.Optimizer));
        if (!JobNames.Preprocessings.Contains(training.Preprocessing))
            Add("training.preprocessing", JobNames.Preprocessings.Unknown("preprocessing", training.Preprocessing));
        if (!JobNames.MissingValues.Contains(training.MissingValues))
            Add("training.missingValues", JobNames.MissingValues.Unknown("missingValues", training.MissingValues));
        else if (training.MissingValues == "refuse" && dataset?.TableEncoding() is { HasKeptGaps: true, FirstMissing: { } gap })
            Add("training.missingValues", $"{gap}: the value is missing, and this job refuses missing values. Set training.missingValues " +
                "to mean or median to fill the dataset's gaps.");

        ClusteringConfigValidator.Validate(config.Clustering, dataset, Add);
        ModelFitChecks.Collect(plan, dataset, Add);
        RegistryChecks.Collect(plan, dataset, Add);
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
