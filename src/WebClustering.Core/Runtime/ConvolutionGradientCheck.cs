using static TorchSharp.torch;

namespace WebClustering.Core.Runtime;

/// <summary>
/// A 3x3 convolution's output and gradients in float32 against the same in float64 (which never uses oneDNN), on
/// fixed inputs built without the random generator so that jobs' seeded results do not depend on whether it ran.
/// </summary>
public static class ConvolutionGradientCheck
{
    /// <summary>The largest error over output and both gradients, relative to the largest float64 value of each.</summary>
    public static double RelativeError()
    {
        double worst = 0;
        // The faulty kernels went wrong when the output channels (the sum in the input gradient) were not a multiple of
        // their vector width, 8 for AVX2 and 16 for AVX-512: 12 is neither, 8 only the second. One input has one
        // channel, like a grey image's.
        foreach (var (batch, channels, size, outChannels) in new[] { (64, 16, 14, 12), (16, 1, 12, 8), (32, 4, 14, 12) })
            worst = Math.Max(worst, RelativeError(batch, channels, size, outChannels));
        return worst;
    }

    private static double RelativeError(int batch, int channels, int size, int outChannels)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var input = Wave([batch, channels, size, size], 0.37);
        var weight = Wave([outChannels, channels, 3, 3], 0.11);
        var outputGradient = Wave([batch, outChannels, size, size], 0.73);

        var (output32, input32, weight32) = Run(input, weight, outputGradient, ScalarType.Float32);
        var (output64, input64, weight64) = Run(input, weight, outputGradient, ScalarType.Float64);
        return new[] { Relative(output32, output64), Relative(input32, input64), Relative(weight32, weight64) }.Max();
    }

    private static (Tensor Output, Tensor InputGradient, Tensor WeightGradient) Run(Tensor input, Tensor weight, Tensor outputGradient, ScalarType type)
    {
        var x = input.to(type).requires_grad_(true);
        var w = weight.to(type).requires_grad_(true);
        var y = nn.functional.conv2d(x, w, padding: [1, 1]);
        y.backward([outputGradient.to(type)]);
        return (y.detach(), x.grad!, w.grad!);
    }

    private static double Relative(Tensor value, Tensor reference) =>
        (value.to(ScalarType.Float64) - reference).abs().max().item<double>() / Math.Max(reference.abs().max().item<double>(), 1e-12);

    private static Tensor Wave(long[] shape, double frequency) =>
        arange(shape.Aggregate(1L, (a, b) => a * b), ScalarType.Float64).mul(frequency).sin().reshape(shape);
}
