using System.Text.Json.Serialization;

namespace WebClustering.Core.Models;

/// <summary>
/// A variational autoencoder on a dense or conv backbone: the backbone's encoder body feeds two linear heads, mu and
/// log sigma^2 (each <c>latentDim</c> wide); z = mu + sigma·eps during training, z = mu for embeddings; the backbone's
/// decoder maps z back. Loss = reconstruction + beta·KL (see <see cref="VaeLoss"/> for the reductions).
/// JSON: <c>{"kind": "vae", "backbone": {"kind": "dense", ...}, "beta": 1.0}</c>.
/// </summary>
public sealed record VaeSpec : AutoencoderSpec
{
    /// <summary>A <see cref="DenseSpec"/> or <see cref="ConvSpec"/>: its latentDim, init and outputActivation apply.</summary>
    public required AutoencoderSpec Backbone { get; init; }

    /// <summary>Weight of the KL term: 1 is the plain VAE's ELBO, above 1 a beta-VAE.</summary>
    public double Beta { get; init; } = 1.0;

    [JsonIgnore] public override string Kind => "vae";
    [JsonIgnore] public override int[] ItemShape => Backbone.ItemShape;
    [JsonIgnore] public override int EmbeddingDim => Backbone.EmbeddingDim;
    [JsonIgnore] public override OutputActivation Output => Backbone.Output;

    internal override void CollectProblems(SpecProblems problems)
    {
        if (!(double.IsFinite(Beta) && Beta >= 0)) problems.Add("beta", $"must be a finite number of at least 0 (got {Beta}).");
        switch (Backbone)
        {
            case null: problems.Add("backbone", "is required: a dense or conv spec."); break;
            case DenseSpec or ConvSpec: Backbone.CollectProblems(problems.Nested("backbone")); break;
            default: problems.Add("backbone.kind", $"must be dense or conv, not {Backbone.Kind}."); break;
        }
    }
}
