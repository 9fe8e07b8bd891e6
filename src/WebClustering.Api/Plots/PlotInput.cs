using WebClustering.Core;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Rows;
using WebClustering.Core.Training;

namespace WebClustering.Api.Plots;

/// <summary>What the plots of a finished job are drawn from.</summary>
/// <param name="KCurve">Each k tried with its score, when k was chosen automatically; <paramref name="Selection"/> names the score.</param>
/// <param name="ClusteringLoss">DEC/IDEC: the mean KL(P||Q) between target updates.</param>
public sealed record PlotInput(TrainedModel Model, IReadOnlyList<EpochRecord> History, RowSource Latent, int[] Labels,
    Matrix Centroids, int[] ClusterSizes, IReadOnlyList<(int K, double Score)>? KCurve = null, string? Selection = null,
    IReadOnlyList<double>? ClusteringLoss = null)
{
    public static PlotInput From(PipelineResult result) =>
        new(result.Model, result.History, result.Latent, result.Labels, result.Centroids, result.ClusterSizes,
            result.Details.KCurve?.Select(point => (point.K, point.Score)).ToList(), result.Details.Selection, result.Details.ClusteringLoss);

}
