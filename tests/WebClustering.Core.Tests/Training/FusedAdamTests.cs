using TorchSharp.Modules;
using WebClustering.Core.Training;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Training;

public class FusedAdamTests
{
    /// <summary>Shapes like the dense autoencoder's: a large weight split across threads, a bias, an odd-sized tail.</summary>
    private static readonly long[][] Shapes = [[300, 400], [400], [7, 3]];

    /// <summary>Runs <paramref name="steps"/> steps of the optimiser on fresh parameters with a seeded gradient each step.</summary>
    private static float[][] Run(Func<IEnumerable<Parameter>, optim.Optimizer> create, int steps)
    {
        var generator = new Generator(7);
        var parameters = Shapes.Select(s => new Parameter(randn(s, generator: generator))).ToArray();
        using var optimizer = create(parameters);
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            foreach (var p in parameters) p.grad = randn(p.shape, generator: generator);
            optimizer.step();
        }
        var values = parameters.Select(p => p.data<float>().ToArray()).ToArray();
        foreach (var p in parameters) p.Dispose();
        return values;
    }

    private static void AssertClose(float[][] expected, float[][] actual)
    {
        for (int t = 0; t < expected.Length; t++)
        {
            Assert.Equal(expected[t].Length, actual[t].Length);
            double worst = expected[t].Zip(actual[t], (e, a) => Math.Abs(e - a)).Max();
            Assert.True(worst < 1e-5, $"parameter {t}: largest difference {worst}");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void Adam_in_one_pass_matches_torchsharp_adam_with_pytorch_betas(double weightDecay)
    {
        var reference = Run(ps => new Adam(ps, 1e-2, 0.9, 0.999, 1e-8, weightDecay), 20);
        var fused = Run(ps => new FusedAdam(ps, 1e-2, weightDecay), 20);

        AssertClose(reference, fused);
        // The parameters moved: a kernel that did nothing would fail here, not only in the comparison above.
        Assert.NotEqual(Run(ps => new FusedAdam(ps, 1e-2, weightDecay), 0)[0][0], fused[0][0]);
    }

    [Fact]
    public void AdamW_in_one_pass_matches_torchsharp_adamw()
    {
        var reference = Run(ps => new AdamW(ps, 1e-2, 0.9, 0.999, 1e-8, 0.1), 20);
        var fused = Run(ps => new FusedAdamW(ps, 1e-2, 0.1), 20);

        AssertClose(reference, fused);
    }

    [Fact]
    public void A_non_contiguous_tensor_is_updated_by_tensor_operations_to_the_same_values()
    {
        var s = new AdamSettings(1e-2, 0.9, 0.999, 1e-8, L2: 0.01, Decoupled: 0).At(3);
        using var grad = randn(50, 40);
        using var contiguous = randn(40, 50);
        using var m = rand(40, 50);
        using var v = rand(40, 50);
        using var transposed = contiguous.t().contiguous().t();   // same values, column-major: not contiguous
        using var m2 = m.clone();
        using var v2 = v.clone();
        using var gradT = grad.t();

        Assert.True(AdamKernel.TryUpdate(contiguous, gradT.contiguous(), m, v, s));
        Assert.False(AdamKernel.TryUpdate(transposed, gradT, m2, v2, s));
        AdamKernel.UpdateWithTensors(transposed, gradT, m2, v2, s);

        Assert.True(contiguous.allclose(transposed, rtol: 1e-5, atol: 1e-6));
        Assert.True(m.allclose(m2, rtol: 1e-5, atol: 1e-6));
    }
}
