using TorchSharp;
using TorchSharp.Modules;
using WebClustering.Core.Runtime;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>
/// The parts of a dense or conv autoencoder around its latent layer, shared by the plain and the variational kinds:
/// <see cref="Body"/> maps rows to <see cref="FeatureWidth"/> features (the latent layer or the VAE's heads follow),
/// <see cref="Decoder"/> maps latent points back to rows (pre output activation).
/// </summary>
internal sealed record Backbone(Sequential Body, int FeatureWidth, Sequential Decoder)
{
    public static Backbone Build(AutoencoderSpec spec) => spec switch
    {
        DenseSpec dense => Dense(dense),
        ConvSpec conv => Conv(conv),
        _ => throw new ArgumentException($"A {spec.Kind} spec has no dense or conv backbone."),
    };

    private static Backbone Dense(DenseSpec spec)
    {
        var encoder = spec.EncoderWidths();
        // The body stops before the latent layer: input → hidden layers, each followed by the activation.
        var body = DenseStack(encoder[..^1], spec.Activation, activateLast: true);
        var decoder = DenseStack(spec.DecoderWidths(), spec.Activation, activateLast: false);
        return new Backbone(body, encoder[^2], decoder);
    }

    /// <summary>Linear layers joined by the activation; with <paramref name="activateLast"/> false the last stays linear.</summary>
    private static Sequential DenseStack(int[] widths, ActivationSpec activation, bool activateLast)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < widths.Length - 1; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(widths[i], widths[i + 1])));
            if (activateLast || i < widths.Length - 2)
                layers.Add(($"act{i}", Activations.Create(activation, widths[i + 1])));
        }
        if (layers.Count == 0) layers.Add(("identity", nn.Identity()));
        return nn.Sequential(layers);
    }

    private static Backbone Conv(ConvSpec spec)
    {
        ConvolutionKernels.EnsureCorrect();
        var maps = ConvGeometry.EncoderMaps(spec);
        var body = new List<(string, nn.Module<Tensor, Tensor>)> { ("unflatten", nn.Unflatten(1, [spec.Channels, spec.Height, spec.Width])) };
        for (int i = 0; i < spec.Encoder.Count; i++)
        {
            var block = spec.Encoder[i];
            body.Add(($"conv{i}", nn.Conv2d(maps[i].Channels, block.OutChannels, block.Kernel, stride: block.Stride, padding: block.Kernel / 2)));
            body.Add(($"act{i}", Activations.Create(spec.Activation, block.OutChannels)));
            if (block.Pool > 1) body.Add(($"pool{i}", nn.MaxPool2d(block.Pool)));
        }
        body.Add(("flatten", nn.Flatten()));
        return new Backbone(nn.Sequential(body), maps[^1].Size, ConvDecoder(spec));
    }

    /// <summary>Dense layer to the start map, up blocks, a 3x3 conv to the input's channels, centre crop to H x W.</summary>
    private static Sequential ConvDecoder(ConvSpec spec)
    {
        var start = ConvGeometry.DecoderStart(spec);
        var maps = ConvGeometry.DecoderMaps(spec);
        var blocks = ConvGeometry.DecoderBlocks(spec);
        var upsampling = ConvGeometry.Upsampling(spec);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("linear", nn.Linear(spec.LatentDim, start.Size)),
            ("act", Activations.Create(spec.Activation, start.Size)),
            ("unflatten", nn.Unflatten(1, [start.Channels, start.Height, start.Width])),
        };
        for (int i = 0; i < blocks.Count; i++)
        {
            var (block, inChannels) = (blocks[i], maps[i].Channels);
            if (upsampling == Upsampling.Transposed)
            {
                var (padding, outputPadding) = ConvGeometry.TransposedPadding(block.Kernel, block.Scale);
                layers.Add(($"deconv{i}", nn.ConvTranspose2d(inChannels, block.OutChannels, block.Kernel,
                    stride: block.Scale, padding: padding, output_padding: outputPadding)));
            }
            else
            {
                if (block.Scale > 1)
                    layers.Add(($"upsample{i}", nn.Upsample(scale_factor: [block.Scale, block.Scale],
                        mode: upsampling == Upsampling.Bilinear ? UpsampleMode.Bilinear : UpsampleMode.Nearest,
                        align_corners: upsampling == Upsampling.Bilinear ? false : null)));
                layers.Add(($"conv{i}", nn.Conv2d(inChannels, block.OutChannels, block.Kernel, padding: block.Kernel / 2)));
            }
            layers.Add(($"act{i}", Activations.Create(spec.Activation, block.OutChannels)));
        }
        layers.Add(("output", nn.Conv2d(maps[^1].Channels, spec.Channels, 3, padding: 1)));
        layers.Add(("crop", new CenterCrop(spec.Height, spec.Width)));
        layers.Add(("flatten", nn.Flatten()));
        return nn.Sequential(layers);
    }
}
