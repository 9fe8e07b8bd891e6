using TorchSharp;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>Crops [N, C, h, w] maps to their central height x width: the decoder grows maps to at least the input size.</summary>
internal sealed class CenterCrop(int height, int width) : nn.Module<Tensor, Tensor>(nameof(CenterCrop))
{
    public override Tensor forward(Tensor maps)
    {
        long top = (maps.shape[2] - height) / 2, left = (maps.shape[3] - width) / 2;
        return maps.narrow(2, top, height).narrow(3, left, width);
    }
}
