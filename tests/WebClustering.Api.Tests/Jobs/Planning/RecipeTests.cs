using WebClustering.Api.Jobs.Planning;
using WebClustering.Core;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Tests.Jobs.Planning;

public class RecipeTests
{
    private static DatasetRecord Dataset(string kind, int rows, params int[] shape) =>
        new(Guid.NewGuid(), "d", rows, [], null, null, DateTimeOffset.UtcNow, kind, shape);

    private static (JobConfiguration Configuration, IReadOnlyList<PlanChoice> Choices) Plan(DatasetRecord dataset, Matrix sample, int? k = 3) =>
        JobPlanner.Resolve(new CreateJobRequest(dataset.Id, Clustering: k is null ? null : new ClusteringConfig(K: k)), dataset, DatasetProfile.Of(sample));

    // Columns of very different units: an age, an income, a ratio.
    private static Matrix MixedUnits(int rows)
    {
        var random = new Random(1);
        var values = new float[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            values[r * 3] = 18 + random.Next(60);
            values[r * 3 + 1] = 20_000 + random.Next(100_000);
            values[r * 3 + 2] = (float)random.NextDouble();
        }
        return new Matrix(values, rows, 3);
    }

    // 0-255 pixels, with the border columns always dark as in digit images.
    private static Matrix Pixels(int rows, int cols)
    {
        var random = new Random(2);
        var values = new float[rows * cols];
        for (int i = 0; i < values.Length; i++) values[i] = i % cols < 4 ? 0 : random.Next(256);
        return new Matrix(values, rows, cols);
    }

    [Fact]
    public void A_mixed_unit_table_is_standardised_and_gets_a_small_dense_model_and_the_manifold_step()
    {
        var (config, choices) = Plan(Dataset("table", 600, 3), MixedUnits(600));

        Assert.Equal("standardize", config.Training.Preprocessing);
        Assert.Equal(("dense", 3), (config.Model.Kind, config.Model.LatentDim)); // no wider than the 3 columns
        Assert.Equal([32, 32], config.Model.HiddenLayers!);
        Assert.Equal(("manifold", "n2d"), (config.Clustering.Algorithm, config.Clustering.Preset));
        Assert.Equal((Recipe.EpochsFor(600), 16), (config.Training.Epochs, config.Training.BatchSize));
        Assert.Contains(choices, c => c.Field == "training.preprocessing" && c.Reason.Contains("different scales"));
    }

    [Fact]
    public void A_pixel_table_gets_the_image_recipe()
    {
        var table = Plan(Dataset("table", 10_000, 784), Pixels(200, 784), k: 10).Configuration;
        var images = Plan(Dataset("images", 10_000, 1, 28, 28), Pixels(200, 784), k: 10).Configuration;

        Assert.Equal("range", table.Training.Preprocessing);
        Assert.Equal([500, 500, 2000], table.Model.HiddenLayers!);
        Assert.Equal(10, table.Model.LatentDim);
        Assert.Equal((images.Model.Kind, images.Training.Preprocessing, images.Clustering.Preset),
            (table.Model.Kind, table.Training.Preprocessing, table.Clustering.Preset));
        Assert.Equal(images.Model.HiddenLayers!, table.Model.HiddenLayers!);
        Assert.Equal((132, 256), (table.Training.Epochs, table.Training.BatchSize));
    }

    [Fact]
    public void A_sequence_set_of_one_feature_is_scaled_as_a_whole_and_flattened_into_a_dense_model()
    {
        var waves = new Matrix([.. Enumerable.Range(0, 100 * 64).Select(i => (float)Math.Sin(i * 0.3))], 100, 64);

        var (config, choices) = Plan(Dataset("sequences", 100, 64, 1), waves);

        Assert.Equal(("dense", "range"), (config.Model.Kind, config.Training.Preprocessing));
        Assert.Equal([256, 256], config.Model.HiddenLayers!); // not the image encoder, though an item has 64 values
        Assert.Contains(choices, c => c.Field == "model.kind" && c.Reason.Contains("sequences"));
    }

    [Fact]
    public void What_the_request_sends_wins_and_is_not_reported_as_chosen()
    {
        var dataset = Dataset("table", 600, 3);
        var request = new CreateJobRequest(dataset.Id, new ModelConfig(LatentDim: 5), new TrainingConfig(Epochs: 7, Preprocessing: "minmax"),
            new ClusteringConfig("kmeans", K: 4));

        var (config, choices) = JobPlanner.Resolve(request, dataset, DatasetProfile.Of(MixedUnits(600)));

        Assert.Equal((5, 7, "minmax", "kmeans", 4), (config.Model.LatentDim, config.Training.Epochs, config.Training.Preprocessing,
            config.Clustering.Algorithm, config.Clustering.K));
        Assert.Null(config.Clustering.Preset);
        Assert.DoesNotContain(choices, c => c.Field is "model.latentDim" or "training.epochs" or "training.preprocessing" or "clustering.algorithm" or "clustering.k");
    }

    [Fact]
    public void A_k_left_out_is_chosen_from_a_range_by_silhouette()
    {
        var (config, choices) = Plan(Dataset("table", 600, 3), MixedUnits(600), k: null);

        Assert.Null(config.Clustering.K);
        Assert.Equal(Recipe.AutomaticK, config.Clustering.KRange);
        Assert.Contains(choices, c => c.Field == "clustering.kRange" && c.Reason.Contains("silhouette"));
    }

    [Fact]
    public void Epochs_follow_the_rows_never_the_clock()
    {
        Assert.Equal([500, 500, 132, 50, 13, 10], new[] { 150, 600, 10_000, 70_000, 1_000_000, 5_000_000 }.Select(Recipe.EpochsFor));
    }

    [Fact]
    public void A_bce_loss_left_to_choose_gets_sigmoid_outputs_and_targets_in_zero_to_one()
    {
        var dataset = Dataset("table", 600, 3);
        var request = new CreateJobRequest(dataset.Id, Training: new TrainingConfig { Loss = Core.Models.ReconstructionLoss.Bce });

        var (config, _) = JobPlanner.Resolve(request, dataset, DatasetProfile.Of(MixedUnits(600)));

        Assert.Equal(("minmax", Core.Models.OutputActivation.Sigmoid), (config.Training.Preprocessing, config.Model.OutputActivation));
    }

    [Fact]
    public void Density_clustering_gets_no_k()
    {
        var dataset = Dataset("table", 600, 3);
        var (config, _) = JobPlanner.Resolve(new CreateJobRequest(dataset.Id, Clustering: new ClusteringConfig("dbscan")), dataset, null);

        Assert.Equal((null, null), (config.Clustering.K, config.Clustering.KRange));
    }

    [Fact]
    public void Small_datasets_are_clustered_with_k_means_and_huge_ones_with_mini_batches()
    {
        var small = Plan(Dataset("table", 150, 3), MixedUnits(150)).Configuration.Clustering;
        var huge = Plan(Dataset("table", 2_000_000, 3), MixedUnits(600)).Configuration.Clustering;

        Assert.Equal(("kmeans", null), (small.Algorithm, small.Preset));
        Assert.Equal(("minibatch_kmeans", null), (huge.Algorithm, huge.Preset));
    }

    [Fact]
    public void The_latent_has_as_many_dimensions_as_clusters_and_at_least_ten_where_the_items_allow()
    {
        Assert.Equal([10, 12, 4, 2, 10], new (int? K, int Cols)[] { (2, 30), (12, 784), (3, 4), (2, 2), (null, 784) }
            .Select(c => Recipe.LatentFor(c.K, c.Cols)));
    }
}
