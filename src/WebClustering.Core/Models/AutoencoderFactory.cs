namespace WebClustering.Core.Models;

public static class AutoencoderFactory
{
    /// <summary>Builds the untrained module a spec describes; weights (and a VAE's sampling noise) come from <paramref name="seed"/>.</summary>
    public static Autoencoder Create(AutoencoderSpec spec, int seed = 0) => spec switch
    {
        DenseSpec or ConvSpec => new DeterministicAutoencoder(spec, seed),
        VaeSpec vae => new VariationalAutoencoder(vae, seed),
        SequenceSpec sequence => new SequenceAutoencoder(sequence, seed),
        null => throw new ArgumentNullException(nameof(spec)),
        _ => throw new ArgumentException($"Unknown autoencoder kind {spec.Kind}.", nameof(spec)),
    };
}
