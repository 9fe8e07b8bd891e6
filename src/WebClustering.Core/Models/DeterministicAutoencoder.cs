using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>
/// The plain (non-variational) dense or conv autoencoder: body → linear latent layer → decoder. Weights start as the
/// spec's <see cref="WeightInit"/> says, drawn from the seed; biases at zero.
/// </summary>
public sealed class DeterministicAutoencoder : Autoencoder
{
    private readonly Sequential body;
    private readonly Linear latent;
    private readonly Sequential decoder;

    public DeterministicAutoencoder(AutoencoderSpec spec, int seed = 0) : base(nameof(DeterministicAutoencoder), spec)
    {
        if (spec is not (DenseSpec or ConvSpec)) throw new ArgumentException($"Expected a dense or conv spec, not {spec.Kind}.", nameof(spec));
        var backbone = Backbone.Build(spec);
        body = backbone.Body;
        latent = nn.Linear(backbone.FeatureWidth, spec.EmbeddingDim);
        decoder = backbone.Decoder;
        RegisterComponents();
        Initializers.Apply(this, spec is DenseSpec dense ? dense.Init : ((ConvSpec)spec).Init, new Random(seed));
    }

    public override Tensor Encode(Tensor rows) => latent.forward(body.forward(rows));

    public override Tensor DecodeLogits(Tensor latentPoints) => decoder.forward(latentPoints);
}
