using WebClustering.Core.Runtime;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Runtime;

public class ConvolutionKernelsTests
{
    [Theory]
    [InlineData(0x00A10F11, 0x19)] // AMD Zen 4 (EPYC 9004)
    [InlineData(0x00B00F21, 0x1A)] // AMD Zen 5 (EPYC 9005)
    [InlineData(0x000806F8, 6)]    // Intel Sapphire Rapids: the extended family only counts when the base is 0xF
    public void The_family_adds_the_extended_family_only_to_a_base_of_fifteen(int signature, int family) =>
        Assert.Equal(family, CpuIdentity.FamilyOf(signature));

    [Theory]
    [InlineData("AuthenticAMD", 0x1A, true)]
    [InlineData("AuthenticAMD", 0x19, false)]
    [InlineData("GenuineIntel", 0x1A, false)]
    public void Only_amd_zen_5_and_later_are_known_to_need_the_avx_cap(string vendor, int family, bool faulty) =>
        Assert.Equal(faulty, new CpuIdentity(vendor, family).HasFaultyOneDnnDirectConvolutions);

    [Fact]
    public void After_the_guard_float32_convolution_gradients_agree_with_double_precision()
    {
        var state = ConvolutionKernels.EnsureCorrect();
        Assert.True(state.RelativeGradientError >= 0);

        // A shape other than the check's own: a 5x5 kernel over 28x28 maps, as in an image autoencoder's first blocks.
        using var scope = NewDisposeScope();
        var input = linspace(-3, 3, 32 * 4 * 28 * 28, ScalarType.Float64).sin().reshape(32, 4, 28, 28);
        var weight = linspace(-1, 1, 12 * 4 * 5 * 5, ScalarType.Float64).cos().reshape(12, 4, 5, 5);
        var (gradient32, gradient64) = (InputGradient(input, weight, ScalarType.Float32), InputGradient(input, weight, ScalarType.Float64));

        double error = (gradient32.to(ScalarType.Float64) - gradient64).abs().max().item<double>();
        Assert.True(error <= 1e-4 * gradient64.abs().max().item<double>(), $"{state.Description}; largest gradient error {error}");
    }

    private static Tensor InputGradient(Tensor input, Tensor weight, ScalarType type)
    {
        var x = input.to(type).requires_grad_(true);
        nn.functional.conv2d(x, weight.to(type), padding: [2, 2]).square().sum().backward();
        return x.grad!;
    }

    [Fact]
    public void The_state_says_what_was_done()
    {
        Assert.Contains("capped at AVX", new ConvolutionKernelState(true, false, 0).Description);
        Assert.Contains("disabled", new ConvolutionKernelState(false, true, 3.2).Description);
        Assert.Contains("checked", new ConvolutionKernelState(false, false, 1e-7).Description);
    }
}
