using System.Text.Json;
using System.Text.Json.Nodes;
using WebClustering.Api.Hosting;
using WebClustering.Api.Tenants;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// The model a fine-tuning job starts from (training.initFrom), looked up once when the job is posted, with the
/// dataset it was trained on (which gives its feature layout) and its plan.
/// </summary>
/// <param name="Model">Null when the tenant has no model of that id: the plan then only reports it.</param>
public sealed record ParentModel(Guid Id, ModelRecord? Model, DatasetRecord? Dataset)
{
    /// <summary>The parent's configuration as its job ran it; null when there is no parent.</summary>
    public JobConfiguration? Configuration => Model is null ? null : JobPlan.Parse(Model.ConfigJson).Configuration;

    /// <summary>How the parent is named in reasons and messages.</summary>
    public string Describe() => Model is null ? $"model '{Id}'" : $"model '{Id}' ({Model.Name} version {Model.Version})";

    /// <summary>The parent a request names; null when it names none. Another tenant's model counts as none.</summary>
    public static async Task<ParentModel?> FindAsync(CreateJobRequest request, Guid tenantId, ModelStore models, DatasetStore datasets,
        TenantOwnership ownership, CancellationToken cancellationToken)
    {
        if (request.Training?.InitFrom is not { } id) return null;
        if (!await ownership.OwnsAsync(tenantId, OwnedResource.Model, id, cancellationToken)) return new ParentModel(id, null, null);
        var model = await models.GetAsync(id, cancellationToken);
        return new ParentModel(id, model, model is null ? null : await datasets.GetAsync(model.DatasetId, cancellationToken));
    }

    /// <summary>
    /// The model fields of a fine-tuning job: each one the request sent as it sent it, every other one the parent's
    /// (recorded as chosen). Works on the JSON form so that it covers every model field there is.
    /// </summary>
    public ModelConfig FillModel(ModelConfig? sent, Action<string, string> chose)
    {
        var parent = Fields(Configuration!.Model);
        var merged = Fields(sent ?? new ModelConfig());
        foreach (var (field, value) in parent)
        {
            if (merged.ContainsKey(field) || value is null) continue;
            merged[field] = value.DeepClone();
            chose($"model.{field}", $"The parent {Describe()}'s: fine-tuning (training.initFrom) keeps its architecture.");
        }
        return merged.Deserialize<ModelConfig>(ApiJson.Options)!;
    }

    /// <summary>The model fields whose values differ from the parent's, each with its message (JSON path, message).</summary>
    public IEnumerable<(string Field, string Message)> ArchitectureDifferences(ModelConfig model)
    {
        var parent = Fields(Configuration!.Model);
        foreach (var (field, value) in Fields(model))
        {
            var theirs = parent[field];
            if (JsonNode.DeepEquals(value, theirs)) continue;
            yield return ($"model.{field}", $"Fine-tuning keeps the parent's architecture: {Describe()} has {field} " +
                $"{theirs?.ToJsonString() ?? "unset"}, this job asks for {value?.ToJsonString()}. Leave model.{field} out to take the parent's.");
        }
    }

    private static JsonObject Fields(ModelConfig model) => (JsonObject)JsonSerializer.SerializeToNode(model, ApiJson.Options)!;
}
