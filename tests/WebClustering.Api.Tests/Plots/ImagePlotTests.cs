using WebClustering.Api.Plots;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Core;
using WebClustering.Core.Clustering;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Api.Tests.Plots;

/// <summary>
/// Image plots, on a table of 64 columns read as 1×8×8 pictures (squares, crosses, diagonals). Over HTTP every
/// dataset is still a CSV table and only the dense kind runs, so these run the pipeline and the plot set directly.
/// </summary>
public class ImagePlotTests
{
    private const int Cell = 56, Gap = 4, Label = 130, Title = 34;

    private static (Matrix Images, string?[] Labels) Shapes(int perClass = 20)
    {
        var random = new Random(4);
        var values = new float[perClass * 3 * 64];
        var labels = new string?[perClass * 3];
        for (int i = 0; i < labels.Length; i++)
        {
            int shape = i % 3;
            labels[i] = $"shape-{shape}";
            for (int y = 0; y < 8; y++)
                for (int x = 0; x < 8; x++)
                {
                    bool on = shape switch
                    {
                        0 => y is >= 2 and <= 5 && x is >= 2 and <= 5 && (y is 2 or 5 || x is 2 or 5),
                        1 => (y is >= 1 and <= 6 && x is 3 or 4) || (x is >= 1 and <= 6 && y is 3 or 4),
                        _ => (y == x || y == 7 - x) && y is >= 1 and <= 6,
                    };
                    values[i * 64 + y * 8 + x] = on ? 1f - 0.1f * (float)random.NextDouble() : 0.1f * (float)random.NextDouble();
                }
        }
        return (new Matrix(values, labels.Length, 64), labels);
    }

    private static ConvSpec Conv() => new()
    {
        Channels = 1, Height = 8, Width = 8,
        Encoder = [new ConvBlock(4, Pool: 2), new ConvBlock(8, Pool: 2)],
        LatentDim = 4,
        Decoder = new ConvDecoderSpec(Upsampling.Nearest),
    };

    private static IReadOnlyList<WebClustering.Storage.Jobs.JobPlot> Train(AutoencoderSpec spec)
    {
        var (images, labels) = Shapes();
        var result = JobPipeline.Run(images, labels,
            new PipelineOptions(spec, new TrainingOptions(Epochs: 4, BatchSize: 16, LearningRate: 0.01, Seed: 1), ScalingKind.Standardize,
                new ClusteringSpec { K = 3, Kmeans = new KMeansSpec { NInit = 2 } }));
        var plots = JobPlotSet.Draw(PlotInput.From(result), labels, images);
        // Kept with the test output for a look by eye.
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "plots", spec.Kind)).FullName;
        foreach (var plot in plots) File.WriteAllBytes(Path.Combine(folder, plot.Name), plot.Png);
        return plots;
    }

    [Fact]
    public void A_conv_job_on_images_gets_reconstructions_and_cluster_pictures()
    {
        var plots = Train(Conv()).ToDictionary(p => p.Name, p => p.Png);

        Assert.Equal(["clusters.png", "latent.png", "loss.png", "reconstructions.png"], plots.Keys.Order());
        int width = Label + 10 * (Cell + Gap) + Gap;
        Png.ShouldBePlot(plots["reconstructions.png"], width, Title + 2 * (Cell + Gap) + Gap);
        Png.ShouldBePlot(plots["clusters.png"], width, Title + 3 * (Cell + Gap) + Gap);
    }

    [Fact]
    public void A_vae_on_images_also_gets_samples_from_its_prior()
    {
        var plots = Train(new VaeSpec { Backbone = Conv() }).ToDictionary(p => p.Name, p => p.Png);

        Assert.Contains("samples.png", plots.Keys);
        Png.ShouldBePlot(plots["samples.png"], Label + 10 * (Cell + Gap) + Gap, Title + 2 * (Cell + Gap) + Gap);
        Assert.DoesNotContain("traversal.png", plots.Keys);   // a traversal grid only makes sense in two dimensions
    }

    [Fact]
    public void A_vae_with_a_two_dimensional_latent_space_gets_a_traversal_grid()
    {
        var plots = Train(new VaeSpec { Backbone = Conv() with { LatentDim = 2 } }).ToDictionary(p => p.Name, p => p.Png);

        Assert.Contains("traversal.png", plots.Keys);
        int side = 10 * (Cell + Gap) + Gap;
        Png.ShouldBePlot(plots["traversal.png"], Label + side, Title + side);
    }

    [Fact]
    public void A_dense_job_on_a_table_gets_no_image_plots()
    {
        var plots = Train(new DenseSpec { InputDim = 64, HiddenLayers = [16], LatentDim = 2 });
        Assert.Equal(["latent.png", "loss.png"], plots.Select(p => p.Name).Order());
    }
}
