using WebClustering.Core.Models;

namespace WebClustering.Core.Export;

/// <summary>
/// Describes each kind's module tree as Backbone, the autoencoder classes and SequenceAutoencoder build it, layer for
/// layer and with the same child names (ModelLayoutTests checks that the described parameters are exactly the
/// module's state_dict, for every kind).
/// </summary>
public static class ModelLayouts
{
    public static ModelLayout Describe(AutoencoderSpec spec)
    {
        string output = spec.Output == OutputActivation.Sigmoid ? "sigmoid" : "identity";
        int[] shape = spec.ItemShape;
        int input = (int)spec.InputSize, latent = spec.EmbeddingDim;
        switch (spec)
        {
            case DenseSpec or ConvSpec:
            {
                var (body, width, decoder) = Backbone(spec);
                var head = new ModulePart("latent", [new LinearLayer(null, width, latent)]);
                return new ModelLayout(spec.Kind, shape, input, latent, [body, head, decoder], ["body", "latent"], ["decoder"], output);
            }
            case VaeSpec vae:
            {
                var (body, width, decoder) = Backbone(vae.Backbone);
                // logVar is not on the encoder's path (embeddings are mu) but its weights are in the state_dict.
                var mu = new ModulePart("mu", [new LinearLayer(null, width, latent)]);
                var logVar = new ModulePart("logVar", [new LinearLayer(null, width, latent)]);
                return new ModelLayout(spec.Kind, shape, input, latent, [body, mu, logVar, decoder], ["body", "mu"], ["decoder"], output);
            }
            case SequenceSpec sequence:
                return Sequence(sequence, output);
            default:
                throw new ArgumentException($"No export layout for kind {spec.Kind}.", nameof(spec));
        }
    }

    private static (ModulePart Body, int FeatureWidth, ModulePart Decoder) Backbone(AutoencoderSpec spec) => spec switch
    {
        DenseSpec dense => Dense(dense),
        ConvSpec conv => Conv(conv),
        _ => throw new ArgumentException($"A {spec.Kind} spec has no dense or conv backbone."),
    };

    private static (ModulePart, int, ModulePart) Dense(DenseSpec spec)
    {
        var encoder = spec.EncoderWidths();
        return (new ModulePart("body", DenseStack(encoder[..^1], spec.Activation, activateLast: true)), encoder[^2],
            new ModulePart("decoder", DenseStack(spec.DecoderWidths(), spec.Activation, activateLast: false)));
    }

    private static List<LayerInfo> DenseStack(int[] widths, ActivationSpec activation, bool activateLast)
    {
        var layers = new List<LayerInfo>();
        for (int i = 0; i < widths.Length - 1; i++)
        {
            layers.Add(new LinearLayer($"linear{i}", widths[i], widths[i + 1]));
            if (activateLast || i < widths.Length - 2)
                layers.Add(ActivationLayer.From($"act{i}", activation, widths[i + 1], onMaps: false));
        }
        if (layers.Count == 0) layers.Add(new ActivationLayer("identity", "identity", null, widths[0], false));
        return layers;
    }

    private static (ModulePart, int, ModulePart) Conv(ConvSpec spec)
    {
        var maps = ConvGeometry.EncoderMaps(spec);
        var body = new List<LayerInfo> { new ReshapeLayer("unflatten", [spec.Channels, spec.Height, spec.Width]) };
        for (int i = 0; i < spec.Encoder.Count; i++)
        {
            var block = spec.Encoder[i];
            body.Add(new ConvLayer($"conv{i}", maps[i].Channels, block.OutChannels, block.Kernel, block.Stride, block.Kernel / 2));
            body.Add(ActivationLayer.From($"act{i}", spec.Activation, block.OutChannels, onMaps: true));
            if (block.Pool > 1) body.Add(new MaxPoolLayer($"pool{i}", block.Pool));
        }
        body.Add(new ReshapeLayer("flatten", [maps[^1].Size]));
        return (new ModulePart("body", body), maps[^1].Size, new ModulePart("decoder", ConvDecoder(spec)));
    }

    private static List<LayerInfo> ConvDecoder(ConvSpec spec)
    {
        var start = ConvGeometry.DecoderStart(spec);
        var maps = ConvGeometry.DecoderMaps(spec);
        var blocks = ConvGeometry.DecoderBlocks(spec);
        var upsampling = ConvGeometry.Upsampling(spec);
        var layers = new List<LayerInfo>
        {
            new LinearLayer("linear", spec.LatentDim, start.Size),
            ActivationLayer.From("act", spec.Activation, start.Size, onMaps: false),
            new ReshapeLayer("unflatten", [start.Channels, start.Height, start.Width]),
        };
        for (int i = 0; i < blocks.Count; i++)
        {
            var (block, inChannels) = (blocks[i], maps[i].Channels);
            if (upsampling == Upsampling.Transposed)
            {
                var (padding, outputPadding) = ConvGeometry.TransposedPadding(block.Kernel, block.Scale);
                layers.Add(new ConvTransposeLayer($"deconv{i}", inChannels, block.OutChannels, block.Kernel, block.Scale, padding, outputPadding));
            }
            else
            {
                if (block.Scale > 1)
                    layers.Add(new UpsampleLayer($"upsample{i}", block.Scale, upsampling == Upsampling.Bilinear ? "bilinear" : "nearest"));
                layers.Add(new ConvLayer($"conv{i}", inChannels, block.OutChannels, block.Kernel, 1, block.Kernel / 2));
            }
            layers.Add(ActivationLayer.From($"act{i}", spec.Activation, block.OutChannels, onMaps: true));
        }
        // The 3x3 output conv (padding 1) keeps the grown map's size; the crop cuts it to the input's.
        layers.Add(new ConvLayer("output", maps[^1].Channels, spec.Channels, 3, 1, 1));
        layers.Add(new CropLayer("crop", maps[^1].Height, maps[^1].Width, spec.Height, spec.Width));
        layers.Add(new ReshapeLayer("flatten", [spec.Channels * spec.Height * spec.Width]));
        return layers;
    }

    /// <summary>SequenceAutoencoder: encoder (RecurrentLayer, whose child is "cell"), latent, decoder (RecurrentLayer), output.</summary>
    private static ModelLayout Sequence(SequenceSpec spec, string output)
    {
        var encoder = new ModulePart("encoder",
        [
            new ReshapeLayer("steps", [spec.Steps, spec.Features]),
            new RecurrentLayerInfo("cell", spec.Cell, spec.Features, spec.HiddenSize, spec.Layers),
            new LastStepLayer("last"),
        ]);
        var latent = new ModulePart("latent", [new LinearLayer(null, spec.HiddenSize, spec.LatentDim)]);
        var decoder = new ModulePart("decoder",
        [
            new RepeatLayer("repeat", spec.Steps),
            new RecurrentLayerInfo("cell", spec.Cell, spec.LatentDim, spec.HiddenSize, spec.Layers),
        ]);
        var features = new ModulePart("output", [new LinearLayer(null, spec.HiddenSize, spec.Features)]);
        // Parameter-free, so it adds nothing to the state_dict: rows come back flattened step-major.
        var flatten = new ModulePart("flatten", [new ReshapeLayer("flatten", [spec.Steps * spec.Features])]);
        return new ModelLayout(spec.Kind, spec.ItemShape, (int)spec.InputSize, spec.LatentDim, [encoder, latent, decoder, features, flatten],
            ["encoder", "latent"], ["decoder", "output", "flatten"], output);
    }
}
