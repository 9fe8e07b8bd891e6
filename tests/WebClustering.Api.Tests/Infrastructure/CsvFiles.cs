using System.Text;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>CSV files with a structure the tests know.</summary>
public static class CsvFiles
{
    /// <summary>
    /// Well-separated isotropic Gaussian blobs: columns item (id), f0..f{dims-1} and species (label). Rows are
    /// interleaved so that row order says nothing about the cluster.
    /// </summary>
    public static string Blobs(int perCluster = 60, int clusters = 3, int dims = 20, int seed = 3, int? noiseSeed = null)
    {
        var random = new Random(seed);
        var centres = new double[clusters, dims];
        for (int k = 0; k < clusters; k++)
            for (int d = 0; d < dims; d++)
                centres[k, d] = (random.NextDouble() * 2 - 1) * 10;
        // The centres come from seed; the noise from noiseSeed when given, so fresh samples of the same blobs can be drawn.
        if (noiseSeed is { } other) random = new Random(other);
        var csv = new StringBuilder();
        csv.AppendLine($"item,{string.Join(',', Enumerable.Range(0, dims).Select(d => $"f{d}"))},species");
        for (int i = 0; i < perCluster * clusters; i++)
        {
            int k = i % clusters;
            var features = Enumerable.Range(0, dims).Select(d => ApiClient.F(centres[k, d] + Gaussian(random)));
            csv.AppendLine($"item-{i:D4},{string.Join(',', features)},species-{(char)('a' + k)}");
        }
        return csv.ToString();
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
