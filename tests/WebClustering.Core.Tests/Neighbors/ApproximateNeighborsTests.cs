using WebClustering.Core.Neighbors;

namespace WebClustering.Core.Tests;

public class ApproximateNeighborsTests
{
    /// <summary>A fixed set: 6,000 rows of 12 overlapping Gaussian blobs in 10 dimensions plus uniform background noise.</summary>
    private static Matrix FixedSet()
    {
        var (blobs, _) = TestData.Blobs(perCluster: 450, clusters: 12, dims: 10, spread: 3.0, separation: 6.0, seed: 11);
        var rng = new Random(12);
        var values = new float[6000 * 10];
        Array.Copy(blobs.Values, values, blobs.Values.Length);
        for (int i = blobs.Values.Length; i < values.Length; i++)
            values[i] = (float)(rng.NextDouble() * 40 - 20);
        return new Matrix(values, 6000, 10);
    }

    private static double Recall(NeighborGraph exact, NeighborGraph approximate)
    {
        int k = exact.K, rows = exact.Indices.Length / k, found = 0;
        for (int i = 0; i < rows; i++)
        {
            var truth = exact.Indices.AsSpan(i * k, k).ToArray().ToHashSet();
            for (int m = 0; m < k; m++)
                if (truth.Contains(approximate.Indices[i * k + m]))
                    found++;
        }
        return (double)found / (rows * k);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(10)]
    public void Recall_against_the_exact_graph_is_at_least_095(int k)
    {
        var data = FixedSet();
        var exact = ExactNeighbors.Query(data, k);
        var approximate = ApproximateNeighbors.Query(data, k);

        double recall = Recall(exact, approximate);
        Assert.True(recall >= 0.95, $"recall@{k} {recall:F4}");
        // Distances are true Euclidean distances of the listed rows, nearest first.
        for (int i = 0; i < 50; i++)
        {
            for (int m = 0; m < k; m++)
            {
                int j = approximate.Indices[i * k + m];
                Assert.NotEqual(i, j);
                Assert.Equal(MathF.Sqrt(Distance.SquaredEuclidean(data.Row(i), data.Row(j))), approximate.Distances[i * k + m], 4);
                if (m > 0)
                    Assert.True(approximate.Distances[i * k + m - 1] <= approximate.Distances[i * k + m]);
            }
        }
    }

    [Fact]
    public void The_graph_is_the_same_every_time()
    {
        // Built on one thread, the HNSW graph does not depend on timing, and UMAP's seed contract holds above the threshold.
        var data = FixedSet();
        var first = ApproximateNeighbors.Query(data, 15);
        var second = ApproximateNeighbors.Query(data, 15);
        Assert.Equal(first.Indices, second.Indices);
        Assert.Equal(first.Distances, second.Distances);
    }

    [Fact]
    public void Tiny_inputs_find_every_other_row()
    {
        var data = new Matrix([0f, 0f, 1f, 0f, 0f, 2f, 5f, 5f], 4, 2);
        var graph = ApproximateNeighbors.Query(data, 3);
        for (int i = 0; i < 4; i++)
            Assert.Equal(Enumerable.Range(0, 4).Where(j => j != i).Order(), graph.Indices.AsSpan(i * 3, 3).ToArray().Order());
    }
}
