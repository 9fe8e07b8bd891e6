using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>
/// A VAE on a dense or conv backbone. The encoder gives mu and log sigma^2; training decodes
/// z = mu + sigma · eps with eps ~ N(0, I) from the model's own seeded generator (never libtorch's global one);
/// embeddings and evaluation use z = mu. Decoding N(0, I) samples generates new items.
/// </summary>
public sealed class VariationalAutoencoder : Autoencoder
{
    private readonly Sequential body;
    private readonly Linear mu;
    private readonly Linear logVar;
    private readonly Sequential decoder;
    private readonly Generator noise;

    public VariationalAutoencoder(VaeSpec spec, int seed = 0) : base(nameof(VariationalAutoencoder), spec)
    {
        var backbone = Backbone.Build(spec.Backbone);
        body = backbone.Body;
        mu = nn.Linear(backbone.FeatureWidth, spec.EmbeddingDim);
        logVar = nn.Linear(backbone.FeatureWidth, spec.EmbeddingDim);
        decoder = backbone.Decoder;
        RegisterComponents();
        var init = spec.Backbone is DenseSpec dense ? dense.Init : ((ConvSpec)spec.Backbone).Init;
        Initializers.Apply(this, init, new Random(seed));
        noise = new Generator((ulong)seed, CPU);
    }

    public double Beta => ((VaeSpec)Spec).Beta;

    public override Generator? TrainingNoise => noise;

    /// <summary>mu: the centre of each row's posterior, used as its embedding.</summary>
    public override Tensor Encode(Tensor rows) => mu.forward(body.forward(rows));

    /// <summary>mu and log sigma^2 of each row's posterior.</summary>
    public (Tensor Mu, Tensor LogVar) EncodeDistribution(Tensor rows)
    {
        var features = body.forward(rows);
        return (mu.forward(features), logVar.forward(features));
    }

    public override Tensor DecodeLogits(Tensor latentPoints) => decoder.forward(latentPoints);

    /// <summary>A sampled reconstruction in training mode, the reconstruction of mu in evaluation mode.</summary>
    public override Tensor forward(Tensor rows)
    {
        var (m, v) = EncodeDistribution(rows);
        return Decode(training ? Reparameterize(m, v, noise) : m);
    }

    public override Tensor Objective(Tensor inputs, Tensor targets, ReconstructionLoss loss)
    {
        var (m, v) = EncodeDistribution(inputs);
        var z = training ? Reparameterize(m, v, noise) : m;
        return VaeLoss.Compute(DecodeLogits(z), targets, m, v, loss, Spec.Output, Beta);
    }

    /// <summary>Decodes <paramref name="count"/> draws from the prior N(0, I): new items, [count, InputSize].</summary>
    public Tensor Generate(int count, Generator? generator = null)
    {
        if (count < 1) throw new ArgumentException($"count must be at least 1 (got {count}).", nameof(count));
        using var _ = no_grad();
        using var z = randn([count, Spec.EmbeddingDim], generator: generator ?? noise);
        return Decode(z);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) noise.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>z = mu + exp(log sigma^2 / 2) · eps, eps ~ N(0, I) drawn from <paramref name="generator"/>; differentiable in mu and log sigma^2.</summary>
    public static Tensor Reparameterize(Tensor mu, Tensor logVar, Generator? generator)
    {
        using var scope = NewDisposeScope();
        var eps = randn(mu.shape, dtype: mu.dtype, generator: generator);
        return (mu + (logVar * 0.5).exp() * eps).MoveToOuterDisposeScope();
    }
}
