namespace WebClustering.Core.Models;

/// <summary>
/// The architecture of a dense autoencoder: everything needed to rebuild it before its weights are loaded.
/// The decoder mirrors the encoder; the latent and output layers are linear.
/// </summary>
public sealed record AutoencoderSpec(int InputDim, IReadOnlyList<int> HiddenLayers, int LatentDim, Activation Activation)
{
    public void Validate()
    {
        if (InputDim < 1) throw new ArgumentException("The input must have at least one feature.");
        if (LatentDim < 1) throw new ArgumentException("latentDim must be at least 1.");
        if (HiddenLayers.Any(size => size < 1)) throw new ArgumentException("Every hidden layer must have at least one unit.");
    }

    /// <summary>Layer widths from input to latent, e.g. [784, 500, 500, 2000, 10].</summary>
    public int[] EncoderWidths() => [InputDim, .. HiddenLayers, LatentDim];
}
