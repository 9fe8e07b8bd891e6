using TorchSharp;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>
/// The VAE's loss: reconstruction + beta · KL, both summed over an item's elements (features; latent dimensions) and
/// averaged over the batch. With that shared reduction beta = 1 gives the negative ELBO (up to a constant for MSE),
/// and the balance between the terms does not change with the batch size.
/// </summary>
public static class VaeLoss
{
    /// <summary>
    /// KL(N(mu, diag(sigma^2)) || N(0, I)) = -1/2 · Σ_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2), summed over the latent
    /// dimensions j, averaged over the rows of the batch.
    /// </summary>
    public static Tensor KlDivergence(Tensor mu, Tensor logVar)
    {
        using var scope = NewDisposeScope();
        var perItem = (1 + logVar - mu.square() - logVar.exp()).sum(1) * -0.5;
        return perItem.mean().MoveToOuterDisposeScope();
    }

    public static Tensor Compute(Tensor logits, Tensor targets, Tensor mu, Tensor logVar, ReconstructionLoss loss, OutputActivation output, double beta)
    {
        using var scope = NewDisposeScope();
        var reconstruction = Losses.Reconstruction(logits, targets, loss, output, LossReduction.SumPerItemMeanOverBatch);
        return (reconstruction + beta * KlDivergence(mu, logVar)).MoveToOuterDisposeScope();
    }
}
