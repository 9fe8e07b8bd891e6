using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>How weight matrices and kernels start. Biases always start at zero.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WeightInit>))]
public enum WeightInit
{
    [JsonStringEnumMemberName("xavier_uniform")] XavierUniform,
    [JsonStringEnumMemberName("xavier_normal")] XavierNormal,
    [JsonStringEnumMemberName("kaiming_uniform")] KaimingUniform,
    [JsonStringEnumMemberName("kaiming_normal")] KaimingNormal,
}

/// <summary>
/// Weight initialisation drawn from a <see cref="Random"/> the caller seeds, rather than libtorch's process-wide
/// generator, so that a job's seed reproduces its model even while other threads use torch.
/// </summary>
public static class Initializers
{
    /// <summary>
    /// Initialises every weight of <paramref name="module"/> with at least two dimensions and zeroes every bias, in
    /// registration order (so the same seed gives the same weights). One-dimensional weights, such as PReLU's
    /// alphas, keep their start value.
    /// </summary>
    public static void Apply(nn.Module module, WeightInit init, Random random)
    {
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (name.Split('.')[^1].StartsWith("bias", StringComparison.Ordinal)) Zeros(parameter);
            else if (parameter.dim() >= 2) Initialize(parameter, init, random);
        }
    }

    public static void Initialize(Tensor weight, WeightInit init, Random random)
    {
        var (fanIn, fanOut) = Fans(weight);
        switch (init)
        {
            case WeightInit.XavierUniform: Uniform(weight, Math.Sqrt(6.0 / (fanIn + fanOut)), random); break;
            case WeightInit.XavierNormal: Normal(weight, Math.Sqrt(2.0 / (fanIn + fanOut)), random); break;
            // He et al. for ReLU-like layers: gain sqrt(2) over fan_in, so U[-sqrt(6 / fan_in), +] and N(0, 2 / fan_in).
            case WeightInit.KaimingUniform: Uniform(weight, Math.Sqrt(6.0 / fanIn), random); break;
            case WeightInit.KaimingNormal: Normal(weight, Math.Sqrt(2.0 / fanIn), random); break;
            default: throw new ArgumentOutOfRangeException(nameof(init), init, null);
        }
    }

    /// <summary>
    /// The initialisation a layer gets when none is named: He (kaiming_uniform) before the rectifiers, whose
    /// negative half passes (almost) nothing and so halves the variance each layer (He et al. 2015); Glorot (xavier_uniform)
    /// before the activations that are linear near 0 (tanh, sigmoid, softplus, hardtanh, identity), and for recurrent cells.
    /// </summary>
    public static WeightInit DefaultFor(Activation? activation) => activation switch
    {
        Activation.Relu or Activation.LeakyRelu or Activation.Prelu or Activation.Elu => WeightInit.KaimingUniform,
        _ => WeightInit.XavierUniform,
    };

    /// <summary>Glorot/Xavier uniform: U[-a, a] with a = sqrt(6 / (fan_in + fan_out)).</summary>
    public static void XavierUniform(Tensor weight, Random random) => Initialize(weight, WeightInit.XavierUniform, random);

    /// <summary>
    /// PyTorch's convention: fan_in = size(1) x receptive field, fan_out = size(0) x receptive field, where the
    /// receptive field is the product of the remaining (kernel) dimensions. For a Linear layer [out, in] that is
    /// in and out; for a Conv2d kernel [out, in, kH, kW] it is in·kH·kW and out·kH·kW.
    /// </summary>
    public static (long FanIn, long FanOut) Fans(Tensor weight)
    {
        if (weight.dim() < 2) throw new ArgumentException("Fans need a weight with at least two dimensions.", nameof(weight));
        long receptiveField = weight.shape.Skip(2).Aggregate(1L, (product, size) => product * size);
        return (weight.shape[1] * receptiveField, weight.shape[0] * receptiveField);
    }

    public static void Zeros(Tensor tensor)
    {
        using (no_grad()) tensor.zero_();
    }

    private static void Uniform(Tensor weight, double bound, Random random)
    {
        var values = new float[weight.numel()];
        for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        Fill(weight, values);
    }

    private static void Normal(Tensor weight, double std, Random random)
    {
        var values = new float[weight.numel()];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(StandardNormal(random) * std);
        Fill(weight, values);
    }

    /// <summary>Box-Muller; 1 - NextDouble() keeps the logarithm's argument in (0, 1].</summary>
    private static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static void Fill(Tensor target, float[] values)
    {
        using var _ = no_grad();
        using var source = tensor(values, target.shape);
        target.copy_(source);
    }
}
