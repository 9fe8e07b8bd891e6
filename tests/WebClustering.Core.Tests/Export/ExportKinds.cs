using WebClustering.Core;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Export;

/// <summary>
/// One small model of every kind the exports cover (dense; conv with each upsampling; VAE on dense and conv; LSTM and
/// GRU), with every parameter drawn at random (biases and PReLU slopes too, so that a misplaced one shows) and a
/// scaler with random offsets and scales.
/// </summary>
internal static class ExportKinds
{
    private static readonly ConvBlock[] ConvEncoder = [new(4, 3, 1, 2), new(6, 3, 2)];

    public static readonly IReadOnlyList<(string Name, AutoencoderSpec Spec)> All =
    [
        ("dense (prelu, sigmoid output)", new DenseSpec { InputDim = 12, HiddenLayers = [16, 8], LatentDim = 3,
            Activation = new ActivationSpec(Activation.Prelu), OutputActivation = OutputActivation.Sigmoid }),
        ("dense (elu 0.7, own decoder widths)", new DenseSpec { InputDim = 12, HiddenLayers = [10], DecoderLayers = [6, 9], LatentDim = 4,
            Activation = new ActivationSpec(Activation.Elu, 0.7) }),
        ("dense (no hidden layer)", new DenseSpec { InputDim = 12, HiddenLayers = [], LatentDim = 2, Activation = Activation.Tanh }),
        ("conv (nearest, prelu)", Conv(Upsampling.Nearest, new ActivationSpec(Activation.Prelu))),
        ("conv (nearest, shared prelu)", Conv(Upsampling.Nearest, new ActivationSpec(Activation.Prelu) { Shared = true })),
        ("conv (bilinear, leaky_relu 0.1)", Conv(Upsampling.Bilinear, new ActivationSpec(Activation.LeakyRelu, 0.1))),
        ("conv (transposed, hardtanh -0.5..2)", Conv(Upsampling.Transposed, new ActivationSpec(Activation.Hardtanh) { Min = -0.5, Max = 2 })),
        ("vae (dense, relu)", new VaeSpec { Backbone = new DenseSpec { InputDim = 12, HiddenLayers = [10, 6], LatentDim = 3,
            OutputActivation = OutputActivation.Sigmoid } }),
        ("vae (conv, softplus beta 2)", new VaeSpec { Backbone = Conv(Upsampling.Nearest, new ActivationSpec(Activation.Softplus) { Beta = 2 }) }),
        ("sequence (lstm, 2 layers)", new SequenceSpec { Steps = 5, Features = 3, LatentDim = 4, HiddenSize = 6, Layers = 2 }),
        ("sequence (gru, 2 layers)", new SequenceSpec { Steps = 5, Features = 3, LatentDim = 4, HiddenSize = 6, Layers = 2, Cell = RecurrentCell.Gru }),
    ];

    /// <summary>2 x 9 x 7 images: odd sizes, so the decoder grows 12 x 8 maps and the crop has work to do.</summary>
    private static ConvSpec Conv(Upsampling upsampling, ActivationSpec activation) => new()
    {
        Channels = 2, Height = 9, Width = 7, Encoder = ConvEncoder, LatentDim = 4, Activation = activation,
        Decoder = new ConvDecoderSpec(upsampling),
    };

    public static TrainedModel Model(AutoencoderSpec spec, int seed)
    {
        var random = new Random(seed);
        var module = AutoencoderFactory.Create(spec, seed);
        using (no_grad())
            foreach (var parameter in module.parameters())
            {
                var values = Enumerable.Range(0, (int)parameter.numel()).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
                using var drawn = tensor(values).reshape(parameter.shape);
                parameter.copy_(drawn);
            }
        module.eval();
        int width = (int)spec.InputSize;
        var offset = Enumerable.Range(0, width).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var scale = Enumerable.Range(0, width).Select(_ => (float)(0.5 + random.NextDouble() * 2.5)).ToArray();
        return new TrainedModel(module, new Scaler(ScalingKind.Standardize, offset, scale));
    }

    /// <summary>Rows in original units around the scaler's offsets.</summary>
    public static Matrix Rows(TrainedModel model, int count, int seed)
    {
        var random = new Random(seed);
        int width = model.Scaler.Offset.Length;
        var values = new float[count * width];
        for (int i = 0; i < values.Length; i++)
            values[i] = model.Scaler.Offset[i % width] + (float)(random.NextDouble() * 2 - 1) * 2 * model.Scaler.Scale[i % width];
        return new Matrix(values, count, width);
    }

    public static float MaxDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
