namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// A training and clustering job. Only <c>datasetId</c> is needed: every field left out is chosen by the service
/// from the dataset, and <c>GET /api/jobs/{id}</c> shows what it chose and why.
/// </summary>
/// <param name="DatasetId">The dataset to train on.</param>
/// <param name="Model">The autoencoder.</param>
/// <param name="Training">How to train it.</param>
/// <param name="Clustering">How to cluster the latent vectors.</param>
public sealed record CreateJobRequest(Guid DatasetId, ModelConfig? Model = null, TrainingConfig? Training = null, ClusteringConfig? Clustering = null)
{
    /// <summary>
    /// The registry name of the trained model, unique within the tenant: each model registered under a name gets the
    /// next version. Default: the parent's name when fine-tuning (training.initFrom), else the dataset's name.
    /// </summary>
    public string? ModelName { get; init; }
}

/// <summary>The configuration as the job runs it: what the client sent, and every other field as the service chose it.</summary>
/// <param name="ModelName">The name the model is registered under when the job succeeds.</param>
public sealed record JobConfiguration(ModelConfig Model, TrainingConfig Training, ClusteringConfig Clustering, string? ModelName = null);

/// <summary>A field the service chose because the request left it out.</summary>
/// <param name="Field">Its JSON path, e.g. <c>model.latentDim</c>.</param>
/// <param name="Reason">Why this value, in a sentence.</param>
public sealed record PlanChoice(string Field, string Reason);
