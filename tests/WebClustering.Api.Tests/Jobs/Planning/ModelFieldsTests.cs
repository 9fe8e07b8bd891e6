using WebClustering.Api.Jobs.Planning;
using WebClustering.Core.Models;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Tests.Jobs.Planning;

/// <summary>model.init planned from the activation, and the fields sent narrowing the kind the recipe picks.</summary>
public class ModelFieldsTests
{
    private static readonly DatasetRecord Table = Dataset("table", [6]), Images = Dataset("images", [1, 8, 8]), Sequences = Dataset("sequences", [10, 2]);

    private static DatasetRecord Dataset(string kind, int[] shape) => new(Guid.NewGuid(), kind, 600, [], null, null, DateTimeOffset.UtcNow, kind, shape);

    private static (ModelConfig Model, Dictionary<string, string> Chosen) Plan(DatasetRecord dataset, ModelConfig? model)
    {
        var (configuration, choices) = JobPlanner.Resolve(new CreateJobRequest(dataset.Id, model, Clustering: new ClusteringConfig(K: 3)), dataset);
        return (configuration.Model, choices.ToDictionary(c => c.Field, c => c.Reason));
    }

    [Theory]
    [InlineData("relu", WeightInit.KaimingUniform, "rectifier")]
    [InlineData("elu", WeightInit.KaimingUniform, "rectifier")]
    [InlineData("tanh", WeightInit.XavierUniform, "linear around 0")]
    [InlineData("sigmoid", WeightInit.XavierUniform, "linear around 0")]
    public void The_init_left_out_follows_the_activation_and_is_recorded_as_chosen(string activation, WeightInit expected, string reason)
    {
        var (model, chosen) = Plan(Table, new ModelConfig(Activation: activation));

        Assert.Equal(expected, model.Init);
        Assert.Contains(reason, chosen["model.init"]);
        Assert.Contains(activation, chosen["model.init"]);
    }

    [Fact]
    public void The_default_job_gets_he_init_for_its_relu_and_builds_a_model_with_it()
    {
        var (configuration, choices) = JobPlanner.Resolve(new CreateJobRequest(Table.Id), Table);
        var plan = new JobPlan(configuration, choices, Table.Kind, Table.ItemShape);

        Assert.Equal("relu", configuration.Model.Activation!.Name);
        Assert.Equal(WeightInit.KaimingUniform, Assert.IsType<DenseSpec>(plan.Model).Init);
        Assert.Contains(choices, c => c.Field == "model.init");
    }

    [Fact]
    public void A_sent_init_is_kept_and_not_recorded_as_chosen()
    {
        var (model, chosen) = Plan(Table, new ModelConfig { Init = WeightInit.XavierNormal });

        Assert.Equal(WeightInit.XavierNormal, model.Init);
        Assert.DoesNotContain("model.init", chosen.Keys);
    }

    [Fact]
    public void A_sequence_model_gets_no_activation_and_glorot_init()
    {
        var (model, chosen) = Plan(Sequences, new ModelConfig(Kind: "sequence"));

        Assert.Null(model.Activation);
        Assert.DoesNotContain("model.activation", chosen.Keys);
        Assert.Equal(WeightInit.XavierUniform, model.Init);
    }

    [Fact]
    public void Beta_without_a_kind_gives_a_vae()
    {
        var (model, chosen) = Plan(Table, new ModelConfig { Beta = 4 });

        Assert.Equal(("vae", "dense"), (model.Kind, model.Backbone));
        Assert.Contains("model.beta was sent", chosen["model.kind"]);
    }

    [Fact]
    public void A_conv_encoder_without_a_kind_gives_a_conv_model_on_images()
    {
        var (model, chosen) = Plan(Images, new ModelConfig { Encoder = [new ConvBlock(8, Pool: 2)] });

        Assert.Equal("conv", model.Kind);
        Assert.Null(model.HiddenLayers);
        Assert.Contains("model.encoder", chosen["model.kind"]);
    }

    [Fact]
    public void A_recurrent_cell_without_a_kind_gives_a_sequence_model()
    {
        var (model, _) = Plan(Sequences, new ModelConfig { Cell = RecurrentCell.Gru });

        Assert.Equal("sequence", model.Kind);
    }

    [Fact]
    public void Hidden_layers_on_a_vae_of_images_give_it_a_dense_backbone()
    {
        var (model, chosen) = Plan(Images, new ModelConfig(Kind: "vae", HiddenLayers: [32]));

        Assert.Equal("dense", model.Backbone);
        Assert.Contains("model.hiddenLayers", chosen["model.backbone"]);
        Assert.Empty(ModelFields.NotApplicable(model, Images.Kind));
    }

    [Fact]
    public void Fields_no_single_kind_uses_leave_the_recipes_kind_and_are_named()
    {
        var (model, _) = Plan(Table, new ModelConfig(HiddenLayers: [16]) { Cell = RecurrentCell.Lstm });

        Assert.Equal("dense", model.Kind);
        var (path, message) = Assert.Single(ModelFields.NotApplicable(model, Table.Kind));
        Assert.Equal("model.cell", path);
        Assert.Contains("sequence", message);
    }

    [Theory]
    [InlineData("dense", "hiddenLayers", true)]
    [InlineData("dense", "encoder", false)]
    [InlineData("conv", "hiddenLayers", false)]
    [InlineData("conv", "upsampling", true)]
    [InlineData("sequence", "activation", false)]
    [InlineData("sequence", "hiddenSize", true)]
    [InlineData("dense", "beta", false)]
    [InlineData("conv", "beta", false)]
    [InlineData("sequence", "cell", true)]
    [InlineData("dense", "cell", false)]
    public void Each_field_applies_to_the_kinds_whose_spec_reads_it(string kind, string field, bool applies)
    {
        Assert.Equal(applies, ModelFields.Uses(new Architecture(kind), field));
    }
}
