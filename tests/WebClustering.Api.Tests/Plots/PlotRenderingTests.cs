using WebClustering.Api.Plots;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Core;
using WebClustering.Core.Training;

namespace WebClustering.Api.Tests.Plots;

/// <summary>The renderer on its own, without a job: the shapes of latent space it meets.</summary>
public class PlotRenderingTests
{
    private static (Matrix Latent, int[] Clusters) Blobs(int dims, int perCluster = 40)
    {
        var random = new Random(2);
        var values = new List<float>();
        var clusters = new List<int>();
        for (int i = 0; i < perCluster * 3; i++)
        {
            int k = i % 3;
            for (int d = 0; d < dims; d++) values.Add((float)(k * 5 + random.NextDouble()));
            clusters.Add(k);
        }
        return (new Matrix([.. values], clusters.Count, dims), [.. clusters]);
    }

    [Fact]
    public void The_loss_plot_of_a_dec_job_puts_the_clustering_loss_beside_the_training_loss()
    {
        EpochRecord[] history = [new(1, 0.9, null, 1e-3), new(2, 0.5, null, 1e-3), new(3, 0.4, null, 1e-3)];

        Png.ShouldBePlot(JobPlotSet.LossCurves(history, null), PlotRenderer.LossWidth, PlotRenderer.LossHeight);
        Png.ShouldBePlot(JobPlotSet.LossCurves(history, [0.12, 0.08, 0.05]), 2 * PlotRenderer.LossWidth, PlotRenderer.LossHeight);
    }

    [Fact]
    public void A_two_dimensional_latent_space_without_labels_is_one_panel()
    {
        var (latent, clusters) = Blobs(2);
        Png.ShouldBePlot(JobPlotSet.LatentMap(latent, clusters, null), PlotRenderer.PanelWidth, PlotRenderer.PanelHeight);
    }

    [Fact]
    public void A_wide_latent_space_with_labels_is_projected_and_gets_a_second_panel_by_label()
    {
        var (latent, clusters) = Blobs(6);
        var labels = clusters.Select(c => (string?)$"class-{c}").ToArray();
        Png.ShouldBePlot(JobPlotSet.LatentMap(latent, clusters, labels), 2 * PlotRenderer.PanelWidth, PlotRenderer.PanelHeight);
    }

    [Fact]
    public void A_latent_space_of_more_rows_than_a_map_draws_is_drawn_from_a_sample_with_both_panels()
    {
        int rows = JobPlotSet.MaxPoints + 10_001;
        var latent = new Matrix([.. Enumerable.Range(0, rows * 3).Select(i => (float)Math.Sin(i))], rows, 3);
        var clusters = Enumerable.Range(0, rows).Select(i => i % 4).ToArray();
        var labels = clusters.Select(c => (string?)$"class-{c}").ToArray();

        Png.ShouldBePlot(JobPlotSet.LatentMap(latent, clusters, labels), 2 * PlotRenderer.PanelWidth, PlotRenderer.PanelHeight);
    }

    [Fact]
    public void A_one_dimensional_latent_space_is_spread_by_row()
    {
        var (latent, clusters) = Blobs(1);
        Png.ShouldBePlot(JobPlotSet.LatentMap(latent, clusters, null), PlotRenderer.PanelWidth, PlotRenderer.PanelHeight);
    }

    [Fact]
    public void The_loss_plot_draws_training_and_validation_curves()
    {
        var training = Enumerable.Range(0, 30).Select(e => 1.0 / (e + 1)).ToArray();
        var validation = training.Select(l => l * 1.2).ToArray();
        Png.ShouldBePlot(PlotRenderer.Loss(training, validation, "Loss"), PlotRenderer.LossWidth, PlotRenderer.LossHeight);
    }
}
