using TorchSharp;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>
/// Hardtanh as a clamp to [min, max] ([-1, 1] by default). TorchSharp 0.107's own nn.Hardtanh and functional.hardtanh return their input
/// unchanged (checked here: -2 stays -2), so this stands in; clamp has the same values and the same gradient (1 inside, 0 outside).
/// </summary>
internal sealed class Hardtanh(double min, double max) : nn.Module<Tensor, Tensor>(nameof(Hardtanh))
{
    public override Tensor forward(Tensor input) => input.clamp(min, max);
}
