using WebClustering.Core;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Training;

namespace WebClustering.Api.Plots;

/// <summary>What the plots of a finished job are drawn from, whichever pipeline produced it.</summary>
public sealed record PlotInput(TrainedModel Model, IReadOnlyList<EpochRecord> History, Matrix Latent, int[] Labels,
    Matrix Centroids, int[] ClusterSizes)
{
    public static PlotInput From(EnginePipelineResult result) =>
        new(result.Model, result.History, result.Latent, result.Labels, result.Centroids, result.ClusterSizes);

    public static PlotInput From(PipelineResult result) =>
        new(result.Model, result.History, result.Latent, result.Clusters.Labels, result.Clusters.Centroids, result.Clusters.ClusterSizes);
}
