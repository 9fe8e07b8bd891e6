using TorchSharp;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>
/// What every kind of autoencoder offers the trainer, the encoder and the model file. Inputs and reconstructions are
/// flattened rows [N, <see cref="AutoencoderSpec.InputSize"/>]; each kind reshapes to its item shape inside.
/// </summary>
/// <remarks>Submodules live as private fields of the concrete classes: RegisterComponents only sees the runtime type's own fields.</remarks>
public abstract class Autoencoder : nn.Module<Tensor, Tensor>
{
    protected Autoencoder(string name, AutoencoderSpec spec) : base(name)
    {
        spec.Validate();
        Spec = spec;
    }

    public AutoencoderSpec Spec { get; }

    /// <summary>The embedding of each row, [N, <see cref="AutoencoderSpec.EmbeddingDim"/>] (for a VAE: mu).</summary>
    public abstract Tensor Encode(Tensor rows);

    /// <summary>The decoder's output before the output activation (the logits when that is a sigmoid).</summary>
    public abstract Tensor DecodeLogits(Tensor latent);

    /// <summary>Reconstructed rows from latent points.</summary>
    public Tensor Decode(Tensor latent) => Losses.ApplyOutput(Spec.Output, DecodeLogits(latent));

    public override Tensor forward(Tensor rows) => Decode(Encode(rows));

    /// <summary>The generator of the model's own random draws in training (a VAE's sampling noise), or null; checkpoints keep its state.</summary>
    public virtual Generator? TrainingNoise => null;

    /// <summary>
    /// The training objective for one batch: <paramref name="inputs"/> (possibly corrupted, for denoising) are
    /// reconstructed and compared with the clean <paramref name="targets"/>. Plain autoencoders average the
    /// reconstruction loss over every element.
    /// </summary>
    public virtual Tensor Objective(Tensor inputs, Tensor targets, ReconstructionLoss loss) =>
        Losses.Reconstruction(DecodeLogits(Encode(inputs)), targets, loss, Spec.Output, LossReduction.MeanOverElements);
}
