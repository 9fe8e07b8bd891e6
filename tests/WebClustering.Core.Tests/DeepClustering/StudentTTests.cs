using WebClustering.Core.DeepClustering;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.DeepClustering;

public class StudentTTests
{
    [Fact]
    public void Soft_assignments_are_rows_that_sum_to_one()
    {
        using var scope = NewDisposeScope();
        var z = randn(50, 4, generator: new Generator(1));
        var centres = randn(3, 4, generator: new Generator(2));

        var q = StudentT.SoftAssignment(z, centres);

        Assert.Equal([50L, 3L], q.shape);
        var sums = q.sum(1).data<float>().ToArray();
        Assert.All(sums, s => Assert.Equal(1f, s, 5));
    }

    [Fact]
    public void Soft_assignment_with_alpha_one_matches_the_hand_computed_kernel()
    {
        using var scope = NewDisposeScope();
        // Distances 0 and 1 from the two centres: kernels 1 and 1/2, so q = (2/3, 1/3).
        var q = StudentT.SoftAssignment(tensor(new float[] { 0, 0 }, [1, 2]), tensor(new float[] { 0, 0, 1, 0 }, [2, 2]));

        var values = q.data<float>().ToArray();
        Assert.Equal(2 / 3f, values[0], 6);
        Assert.Equal(1 / 3f, values[1], 6);
    }

    [Fact]
    public void The_target_distribution_sharpens_confident_assignments_and_sums_to_one()
    {
        using var scope = NewDisposeScope();
        var q = tensor(new float[] { 0.7f, 0.3f, 0.4f, 0.6f, 0.55f, 0.45f }, [3, 2]);

        var p = StudentT.TargetDistribution(q).data<float>().ToArray();

        // By hand: f = (1.65, 1.35); row 0 weights 0.49/1.65 and 0.09/1.35 give p = 0.8167.
        Assert.Equal(0.81667f, p[0], 4);
        Assert.True(p[0] > 0.7f && p[3] > 0.6f, "the larger share of each confident row grows");
        for (int i = 0; i < 3; i++) Assert.Equal(1f, p[2 * i] + p[2 * i + 1], 5);
    }

    [Fact]
    public void Kl_divergence_matches_hand_values_and_is_zero_for_equal_distributions()
    {
        using var scope = NewDisposeScope();
        var p = tensor(new float[] { 0.5f, 0.5f }, [1, 2]);
        var q = tensor(new float[] { 0.25f, 0.75f }, [1, 2]);

        // 0.5 ln(0.5 / 0.25) + 0.5 ln(0.5 / 0.75)
        Assert.Equal(0.5 * Math.Log(2) + 0.5 * Math.Log(2 / 3.0), StudentT.KlDivergence(p, q).item<float>(), 5);
        Assert.Equal(0f, StudentT.KlDivergence(q, q).item<float>(), 6);
    }
}
