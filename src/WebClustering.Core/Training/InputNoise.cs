using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

[JsonConverter(typeof(JsonStringEnumConverter<NoiseKind>))]
public enum NoiseKind
{
    [JsonStringEnumMemberName("gaussian")] Gaussian,
    [JsonStringEnumMemberName("masking")] Masking,
}

/// <summary>
/// Corruption of the inputs for a denoising autoencoder; the targets stay clean. <c>gaussian</c>: adds N(0, Amount^2)
/// to every value. <c>masking</c>: sets each value to 0 with probability Amount.
/// </summary>
public sealed record InputNoise(NoiseKind Kind, double Amount)
{
    internal void CollectProblems(Action<string, string> add)
    {
        if (Kind == NoiseKind.Gaussian && !(double.IsFinite(Amount) && Amount >= 0))
            add("noise.amount", $"is the gaussian noise's standard deviation and must be a finite number of at least 0 (got {Amount}).");
        if (Kind == NoiseKind.Masking && !(Amount is >= 0 and < 1))
            add("noise.amount", $"is the fraction of inputs set to 0 and must be in [0, 1) (got {Amount}).");
    }

    /// <summary>A corrupted copy of <paramref name="clean"/>, drawn from <paramref name="generator"/>.</summary>
    internal Tensor Apply(Tensor clean, Generator generator) => Kind switch
    {
        NoiseKind.Gaussian => clean + randn(clean.shape, dtype: clean.dtype, generator: generator) * Amount,
        NoiseKind.Masking => clean * (rand(clean.shape, dtype: clean.dtype, generator: generator) >= Amount).to_type(clean.dtype),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };
}
