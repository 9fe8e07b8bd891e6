using WebClustering.Core.Projection;

namespace WebClustering.Core.Tests.Projection;

public class PcaTests
{
    [Fact]
    public void Points_along_a_tilted_line_project_onto_one_component_that_keeps_all_the_variance()
    {
        // x = t, y = 2t, z = -t: one direction, (1, 2, -1)/sqrt(6).
        var values = Enumerable.Range(0, 50).SelectMany(i => new[] { i * 1f, i * 2f, -i * 1f }).ToArray();
        var pca = Pca.Fit(new Matrix(values, 50, 3), components: 2);

        var direction = pca.Components.Row(0).ToArray();
        var expected = new[] { 1, 2, -1 }.Select(x => x / Math.Sqrt(6)).ToArray();
        for (int j = 0; j < 3; j++) Assert.Equal(expected[j], direction[j], 4);
        Assert.Equal(1.0, pca.ExplainedRatio[0], 6);
        Assert.Equal(0.0, pca.ExplainedRatio[1], 6);
        // Scores are centred distances along the line.
        Assert.Equal(0.0, Enumerable.Range(0, 50).Average(i => pca.Projected[i, 0]), 3);
        Assert.Equal(Math.Sqrt(6), pca.Projected[1, 0] - pca.Projected[0, 0], 3);
    }

    [Fact]
    public void Components_come_out_in_order_of_variance_and_orthogonal()
    {
        var random = new Random(1);
        int n = 400;
        var values = new float[n * 4];
        for (int i = 0; i < n; i++)
        {
            values[i * 4 + 0] = (float)(random.NextDouble() * 1);   // variance 1/12
            values[i * 4 + 1] = (float)(random.NextDouble() * 10);  // largest
            values[i * 4 + 2] = (float)(random.NextDouble() * 5);   // second
            values[i * 4 + 3] = 3;                                  // constant
        }
        var pca = Pca.Fit(new Matrix(values, n, 4), components: 3);

        Assert.True(Math.Abs(pca.Components[0, 1]) > 0.99);
        Assert.True(Math.Abs(pca.Components[1, 2]) > 0.99);
        Assert.True(Math.Abs(pca.Components[2, 0]) > 0.99);
        Assert.True(pca.ExplainedVariance[0] > pca.ExplainedVariance[1] && pca.ExplainedVariance[1] > pca.ExplainedVariance[2]);
        double dot = Enumerable.Range(0, 4).Sum(j => (double)pca.Components[0, j] * pca.Components[1, j]);
        Assert.Equal(0.0, dot, 4);
        Assert.Equal(100.0 / 12, pca.ExplainedVariance[0], 0);
    }

    [Fact]
    public void The_same_data_gives_the_same_signs_every_time()
    {
        var values = Enumerable.Range(0, 30).SelectMany(i => new[] { (float)Math.Sin(i), (float)Math.Cos(i * 0.7), i * 0.1f }).ToArray();
        var first = Pca.Fit(new Matrix(values, 30, 3));
        var second = Pca.Fit(new Matrix((float[])values.Clone(), 30, 3));
        Assert.Equal(first.Projected.Values, second.Projected.Values);
        Assert.True(first.Components.Row(0).ToArray().MaxBy(Math.Abs) > 0);
    }

    [Fact]
    public void Asking_for_more_components_than_columns_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(new Matrix(new float[6], 3, 2), components: 3));
    }
}
