using WebClustering.Core;

namespace WebClustering.Core.Tests;

/// <summary>Synthetic data whose structure is known, so tests can check what a method recovers.</summary>
public static class TestData
{
    /// <summary>Isotropic Gaussian blobs around centres spaced far apart; returns the matrix and the true labels.</summary>
    public static (Matrix Data, int[] Labels) Blobs(int perCluster, int clusters, int dims, double spread = 1.0, double separation = 10.0, int seed = 1)
    {
        var random = new Random(seed);
        var centres = new double[clusters, dims];
        for (int k = 0; k < clusters; k++)
            for (int d = 0; d < dims; d++)
                centres[k, d] = (random.NextDouble() * 2 - 1) * separation;
        int rows = perCluster * clusters;
        var data = Matrix.Zeros(rows, dims);
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            int k = i % clusters;
            labels[i] = k;
            for (int d = 0; d < dims; d++)
                data.Values[i * dims + d] = (float)(centres[k, d] + Gaussian(random) * spread);
        }
        return (data, labels);
    }

    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
