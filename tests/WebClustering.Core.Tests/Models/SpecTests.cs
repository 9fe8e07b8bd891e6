using System.Text.Json;
using System.Text.Json.Nodes;
using WebClustering.Core.Models;

namespace WebClustering.Core.Tests.Models;

public class SpecTests
{
    [Fact]
    public void A_dense_spec_is_written_with_its_kind_and_read_back_equal()
    {
        var spec = new DenseSpec
        {
            InputDim = 20, HiddenLayers = [32, 16], LatentDim = 3, DecoderLayers = [8],
            Activation = new ActivationSpec(Activation.Elu, 0.5), Init = WeightInit.KaimingNormal,
        };

        var json = JsonNode.Parse(ModelJson.Serialize(spec))!.AsObject();
        var back = (DenseSpec)ModelJson.Deserialize(json.ToJsonString());

        Assert.Equal("dense", (string?)json["kind"]);
        Assert.Equal("kaiming_normal", (string?)json["init"]);
        Assert.Equal("identity", (string?)json["outputActivation"]);
        Assert.Equal(0.5, (double?)json["activation"]!["alpha"]);
        Assert.Equal(["kind", "inputDim", "hiddenLayers", "latentDim", "decoderLayers", "activation", "init", "outputActivation"],
            json.Select(property => property.Key));
        Assert.Equal(spec.DecoderWidths(), back.DecoderWidths());
        Assert.Equal(spec with { HiddenLayers = back.HiddenLayers, DecoderLayers = back.DecoderLayers }, back);
    }

    [Fact]
    public void A_vae_spec_nests_its_backbone_and_the_kind_may_come_anywhere()
    {
        var spec = ModelJson.Deserialize("""
            {"backbone": {"latentDim": 2, "inputDim": 4, "hiddenLayers": [], "kind": "dense"}, "beta": 4, "kind": "vae"}
            """);

        var vae = Assert.IsType<VaeSpec>(spec);
        Assert.Equal(4, vae.Beta);
        Assert.Equal(2, vae.EmbeddingDim);
        Assert.Equal([4], vae.ItemShape);
    }

    [Fact]
    public void Spec_enums_keep_their_api_names_under_any_serializer_options()
    {
        var spec = ModelTestData.Conv(Upsampling.Bilinear) with { Init = WeightInit.KaimingUniform };

        var json = JsonSerializer.Serialize<AutoencoderSpec>(spec, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Contains("\"kind\":\"conv\"", json);
        Assert.Contains("\"upsampling\":\"bilinear\"", json);
        Assert.Contains("\"init\":\"kaiming_uniform\"", json);
        Assert.Contains("\"outputActivation\":\"sigmoid\"", json);
        Assert.Contains("\"activation\":\"relu\"", json);
    }

    [Fact]
    public void An_unknown_kind_is_refused()
    {
        Assert.ThrowsAny<JsonException>(() => ModelJson.Deserialize("""{"kind": "transformer", "latentDim": 2}"""));
    }

    [Fact]
    public void Every_problem_is_reported_with_the_field_it_concerns()
    {
        var spec = new DenseSpec { InputDim = 0, HiddenLayers = [8, 0], LatentDim = 0 };

        var error = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Contains("inputDim: must be at least 1 (got 0)", error.Message);
        Assert.Contains("hiddenLayers[1]: must be at least 1 (got 0)", error.Message);
        Assert.Contains("latentDim: must be at least 1 (got 0)", error.Message);
    }

    [Fact]
    public void A_conv_encoder_that_shrinks_the_map_to_nothing_is_refused_with_where_and_why()
    {
        var spec = ModelTestData.Conv() with { Encoder = [new ConvBlock(4, Pool: 2), new ConvBlock(4, Pool: 2), new ConvBlock(4, Pool: 4)] };

        var error = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Contains("encoder[2]: the 2x2 feature map would shrink to 0x0", error.Message);
        Assert.Contains("smaller stride or pool", error.Message);
    }

    [Fact]
    public void Missing_pieces_of_a_deserialised_spec_are_problems_not_crashes()
    {
        var spec = ModelJson.Deserialize("""{"kind": "conv", "channels": 1, "height": 8, "width": 8, "latentDim": 2, "encoder": [null], "activation": "relu"}""");

        var error = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Contains("encoder[0]: is null", error.Message);
    }

    [Fact]
    public void Nested_backbone_problems_carry_the_backbone_path()
    {
        var spec = new VaeSpec { Backbone = ModelTestData.Conv() with { Decoder = new ConvDecoderSpec(Blocks: [new UpBlock(0)]) }, Beta = -1 };

        var error = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Contains("backbone.decoder.blocks[0].outChannels", error.Message);
        Assert.Contains("beta: must be a finite number of at least 0", error.Message);
    }

    [Fact]
    public void A_vae_on_a_sequence_backbone_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(new VaeSpec { Backbone = ModelTestData.Sequence() }.Validate);

        Assert.Contains("backbone.kind: must be dense or conv, not sequence", error.Message);
    }

    [Fact]
    public void A_transposed_block_that_cannot_keep_the_map_size_is_refused()
    {
        var spec = ModelTestData.Conv(Upsampling.Transposed) with
        {
            Decoder = new ConvDecoderSpec(Upsampling.Transposed, [new UpBlock(4, Kernel: 2, Scale: 1), new UpBlock(4, Scale: 2)]),
        };

        var error = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Contains("decoder.blocks[0]: a transposed convolution with scale 1 keeps the map size only with an odd kernel", error.Message);
    }

    [Fact]
    public void A_decoder_that_would_grow_far_past_the_input_is_refused()
    {
        var spec = ModelTestData.Conv() with { Decoder = new ConvDecoderSpec(Blocks: [new UpBlock(4, Scale: 4), new UpBlock(4, Scale: 4)]) };

        var error = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Contains("to 16x16, at least twice the 8x8 input", error.Message);
    }
}
