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

    /// <summary>Isotropic Gaussian blobs with rows in shuffled order, so membership is not encoded by position.</summary>
    public static (Matrix Data, int[] Truth) Blobs(int[] sizes, int dims, double spread, double std, int seed)
    {
        var rng = new Random(seed);
        var centers = new double[sizes.Length, dims];
        for (int c = 0; c < sizes.Length; c++)
            for (int d = 0; d < dims; d++)
                centers[c, d] = (rng.NextDouble() * 2 - 1) * spread;

        int[] truth = sizes.SelectMany((size, c) => Enumerable.Repeat(c, size)).ToArray();
        rng.Shuffle(truth);
        var values = new float[truth.Length * dims];
        for (int i = 0; i < truth.Length; i++)
            for (int d = 0; d < dims; d++)
                values[i * dims + d] = (float)(centers[truth[i], d] + std * Gaussian(rng));
        return (new Matrix(values, truth.Length, dims), truth);
    }

    /// <summary>One-dimensional points as an n x 1 matrix.</summary>
    public static Matrix Column(params float[] xs) => new(xs, xs.Length, 1);

    /// <summary>
    /// Places 1-D points in coordinate 0 of a wider space whose other coordinates are a constant, which
    /// leaves every pairwise distance unchanged while exercising the SIMD path and its scalar tail.
    /// </summary>
    public static Matrix Embed(float[] xs, int dims)
    {
        var values = new float[xs.Length * dims];
        for (int i = 0; i < xs.Length; i++)
        {
            Array.Fill(values, 3.5f, i * dims, dims);
            values[i * dims] = xs[i];
        }
        return new Matrix(values, xs.Length, dims);
    }

}
