using WebClustering.Core.Clustering;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Pipeline;

/// <summary>Everything <see cref="JobPipeline"/> needs besides the rows: the engine's half of a job's plan.</summary>
/// <param name="Model">The autoencoder, item shape included: the features' columns are its flattened items.</param>
/// <param name="Scaling">Per-column scaling fitted on every row before training.</param>
/// <param name="Clustering">How the latent vectors are clustered.</param>
public sealed record PipelineOptions(
    AutoencoderSpec Model,
    TrainingOptions Training,
    ScalingKind Scaling,
    ClusteringSpec Clustering)
{
    /// <summary>
    /// Fine-tuning: a trained model of the same architecture to start from. Training starts from its weights, and its
    /// fitted scaler is reused instead of fitting one (see <see cref="JobPipeline.Run"/>); null trains from scratch.
    /// </summary>
    public TrainedModel? StartFrom { get; init; }
}
