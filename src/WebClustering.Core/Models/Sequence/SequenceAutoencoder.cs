using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>
/// A recurrent autoencoder for T x F sequences: encoder cell over the steps, its last output (the top layer's final
/// hidden state) → linear latent; decoder cell over the latent repeated at every step → linear map to the features.
/// </summary>
public sealed class SequenceAutoencoder : Autoencoder
{
    private readonly RecurrentLayer encoder;
    private readonly Linear latent;
    private readonly RecurrentLayer decoder;
    private readonly Linear output;

    public SequenceAutoencoder(SequenceSpec spec, int seed = 0) : base(nameof(SequenceAutoencoder), spec)
    {
        encoder = new RecurrentLayer(spec.Cell, spec.Features, spec.HiddenSize, spec.Layers);
        latent = nn.Linear(spec.HiddenSize, spec.LatentDim);
        decoder = new RecurrentLayer(spec.Cell, spec.LatentDim, spec.HiddenSize, spec.Layers);
        output = nn.Linear(spec.HiddenSize, spec.Features);
        RegisterComponents();
        Initializers.Apply(this, spec.Init, new Random(seed));
    }

    private SequenceSpec Sequence => (SequenceSpec)Spec;

    public override Tensor Encode(Tensor rows)
    {
        var steps = rows.reshape(rows.shape[0], Sequence.Steps, Sequence.Features);
        return latent.forward(encoder.forward(steps).select(1, -1));
    }

    public override Tensor DecodeLogits(Tensor latentPoints)
    {
        long n = latentPoints.shape[0];
        var repeated = latentPoints.unsqueeze(1).expand(n, Sequence.Steps, Sequence.LatentDim);
        return output.forward(decoder.forward(repeated)).reshape(n, Sequence.Steps * Sequence.Features);
    }
}
