namespace WebClustering.ServingBench;

/// <summary>
/// Embeddings shaped like a trained job's: a mixture of Gaussian clusters (latent spaces of autoencoders are
/// clustered, which is why the service clusters them). Deterministic for a seed.
/// </summary>
public static class SyntheticEmbeddings
{
    public const int Clusters = 10;

    public static (string[] Ids, int[] Clusters, float[] Vectors) Create(int rows, int dims, int seed)
    {
        var random = new Random(seed);
        var centres = new double[Clusters * dims];
        for (int i = 0; i < centres.Length; i++) centres[i] = (random.NextDouble() * 2 - 1) * 4;
        var ids = new string[rows];
        var clusters = new int[rows];
        var vectors = new float[(long)rows * dims];
        for (int r = 0; r < rows; r++)
        {
            int c = random.Next(Clusters);
            ids[r] = $"item-{r}";
            clusters[r] = c;
            for (int d = 0; d < dims; d++) vectors[(long)r * dims + d] = (float)(centres[c * dims + d] + Gaussian(random));
        }
        return (ids, clusters, vectors);
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
