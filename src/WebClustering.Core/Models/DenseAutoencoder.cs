using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>
/// A fully connected autoencoder: encoder input → hidden layers → latent (linear), decoder mirrored back to the
/// input width (linear output). Weights start Glorot/Xavier uniform, biases at zero.
/// </summary>
public sealed class DenseAutoencoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;

    public AutoencoderSpec Spec { get; }

    public DenseAutoencoder(AutoencoderSpec spec, int seed = 0) : base(nameof(DenseAutoencoder))
    {
        spec.Validate();
        Spec = spec;
        var widths = spec.EncoderWidths();
        var random = new Random(seed);
        encoder = BuildStack(widths, spec.Activation, random);
        decoder = BuildStack(widths.Reverse().ToArray(), spec.Activation, random);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => decoder.forward(encoder.forward(input));

    public Tensor Encode(Tensor input) => encoder.forward(input);

    public Tensor Decode(Tensor latent) => decoder.forward(latent);

    /// <summary>Linear layers joined by the activation; the last layer of a stack stays linear.</summary>
    private static Sequential BuildStack(int[] widths, Activation activation, Random random)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < widths.Length - 1; i++)
        {
            var linear = nn.Linear(widths[i], widths[i + 1]);
            Initializers.XavierUniform(linear.weight, random);
            Initializers.Zeros(linear.bias!);
            layers.Add(($"linear{i}", linear));
            if (i < widths.Length - 2)
                layers.Add(($"act{i}", Activations.Create(activation)));
        }
        return nn.Sequential(layers);
    }
}
