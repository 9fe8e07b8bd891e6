using WebClustering.Api.Jobs.Planning;
using WebClustering.Api.Registry;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Jobs;

/// <summary>
/// A job's registry fields: the name its model is registered under, and with training.initFrom the parent it starts
/// from, which must exist (for the tenant), take the dataset's feature layout and have the job's architecture and
/// preprocessing.
/// </summary>
public static class RegistryChecks
{
    public static void Collect(JobPlan plan, DatasetRecord? dataset, Action<string, string> add)
    {
        var config = plan.Configuration;
        if (ModelNaming.NameProblem(config.ModelName) is { } nameProblem) add("modelName", nameProblem);
        if (plan.Parent is not { } parent) return;
        if (parent.Model is null || parent.Dataset is null)
        {
            add("training.initFrom", $"There is no model with id '{parent.Id}'.");
            return;
        }
        if (dataset is not null && FeatureLayout.Of(dataset).FirstDifference(FeatureLayout.Of(parent.Model, parent.Dataset)) is { } mismatch)
            add("datasetId", $"The dataset does not have the feature layout of {parent.Describe()}, which training.initFrom starts from. {mismatch}");
        foreach (var (field, message) in parent.ArchitectureDifferences(config.Model)) add(field, message);
        var inherited = parent.Configuration!.Training;
        if (config.Training.Preprocessing != (inherited.Preprocessing ?? JobDefaults.Preprocessing))
            add("training.preprocessing", $"Fine-tuning reuses the fitted scaling of {parent.Describe()} ({inherited.Preprocessing ?? JobDefaults.Preprocessing}); " +
                "leave training.preprocessing out or send the parent's.");
        if (config.Training.MissingValues != (inherited.MissingValues ?? JobDefaults.MissingValues))
            add("training.missingValues", $"Fine-tuning fills gaps with the values {parent.Describe()} fitted ({inherited.MissingValues ?? JobDefaults.MissingValues}); " +
                "leave training.missingValues out or send the parent's.");
    }
}
