using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>
/// Weight initialisation drawn from a <see cref="Random"/> the caller seeds, rather than libtorch's process-wide
/// generator, so that a job's seed reproduces its model even while other threads use torch.
/// </summary>
public static class Initializers
{
    /// <summary>Glorot/Xavier uniform: U[-a, a] with a = sqrt(6 / (fan_in + fan_out)).</summary>
    public static void XavierUniform(Tensor weight, Random random)
    {
        long fanOut = weight.shape[0], fanIn = weight.shape[1];
        double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
        var values = new float[fanOut * fanIn];
        for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        Fill(weight, values);
    }

    public static void Zeros(Tensor tensor)
    {
        using (no_grad()) tensor.zero_();
    }

    private static void Fill(Tensor target, float[] values)
    {
        using var _ = no_grad();
        using var source = tensor(values, target.shape);
        target.copy_(source);
    }
}
