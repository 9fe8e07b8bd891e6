using static TorchSharp.torch;

namespace WebClustering.Core.DeepClustering;

/// <summary>The formulas of DEC (Xie, Girshick and Farhadi 2016), on tensors.</summary>
public static class StudentT
{
    // Guards the logarithms: q and p are positive in exact arithmetic but can underflow in float.
    private const double Floor = 1e-12;

    /// <summary>
    /// Soft assignment q_ij = (1 + |z_i - mu_j|^2 / alpha)^(-(alpha + 1) / 2), normalised over j: a Student's t kernel
    /// (heavy tails keep far points from dominating the gradients). [N, D] and [K, D] give [N, K], rows summing to 1.
    /// </summary>
    public static Tensor SoftAssignment(Tensor z, Tensor centres, double alpha = 1.0)
    {
        var squared = (z.unsqueeze(1) - centres.unsqueeze(0)).square().sum(2);
        var kernel = (1 + squared / alpha).pow(-(alpha + 1) / 2);
        return kernel / kernel.sum(1, keepdim: true);
    }

    /// <summary>
    /// Target p_ij = (q_ij^2 / f_j) / sum_j' (q_ij'^2 / f_j'), f_j = sum_i q_ij: squaring sharpens confident
    /// assignments and dividing by the cluster frequency stops large clusters from absorbing the rest.
    /// </summary>
    public static Tensor TargetDistribution(Tensor q)
    {
        var weight = q.square() / q.sum(0, keepdim: true);
        return weight / weight.sum(1, keepdim: true);
    }

    /// <summary>KL(P || Q) = sum_j p_ij log(p_ij / q_ij), averaged over the rows (Keras' "kld", as in the papers' code).</summary>
    public static Tensor KlDivergence(Tensor p, Tensor q) =>
        (p * (p.clamp_min(Floor).log() - q.clamp_min(Floor).log())).sum(1).mean();
}
