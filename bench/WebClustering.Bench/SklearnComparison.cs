using System.Diagnostics;
using System.Text;
using WebClustering.Core;
using WebClustering.Core.Clustering;
using WebClustering.Core.Manifold;

/// <summary>
/// Writes the benchmark's vectors as a float32 .npy file, so that scikit-learn clusters exactly the same data, then
/// times this k-means on them (k = 10, 20 restarts, Lloyd) after one warm-up run for the JIT, then the two steps of
/// the manifold recipe on the same vectors: the Gaussian mixture (k = 10, full covariances, one k-means start, as
/// scikit-learn's defaults) and UMAP with N2D's settings (20 neighbours, min_dist 0, 10 dimensions, 200 epochs).
/// </summary>
internal static class SklearnComparison
{
    public static void Run(string path, Matrix data)
    {
        WriteNpy(path, data);
        KMeans.Fit(data, new KMeansOptions(10, NInit: 1, Seed: 1));
        var watch = Stopwatch.StartNew();
        var result = KMeans.Fit(data, new KMeansOptions(10, NInit: 20, Seed: 0));
        Console.WriteLine($"WebClustering k-means: {watch.Elapsed.TotalSeconds:F3} s, inertia {result.Inertia:F1} ({data.Rows} x {data.Cols}, k 10, n_init 20)");

        GaussianMixture.Fit(data, new GaussianMixtureOptions(10, Seed: 1, MaxIterations: 2));
        watch.Restart();
        var mixture = GaussianMixture.Fit(data, new GaussianMixtureOptions(10));
        Console.WriteLine($"WebClustering GMM: {watch.Elapsed.TotalSeconds:F3} s, {mixture.Iterations} EM iterations, " +
            $"mean log-likelihood {mixture.LogLikelihood / data.Rows:F4} (k 10, full covariances, n_init 1)");

        watch.Restart();
        var umap = Umap.Fit(data, UmapOptions.N2D(10));
        Console.WriteLine($"WebClustering UMAP: {watch.Elapsed.TotalSeconds:F1} s ({data.Rows} x {data.Cols} into {umap.Embedding.Cols} dimensions, " +
            "20 neighbours, min_dist 0, 200 epochs)");
    }

    internal static void WriteNpy(string path, Matrix data)
    {
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({data.Rows}, {data.Cols}), }}";
        // Magic, version 1.0, then the header padded with spaces to a multiple of 64 bytes including its newline.
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        file.Write(BitConverter.GetBytes((ushort)header.Length));
        file.Write(Encoding.ASCII.GetBytes(header));
        foreach (float value in data.Values) file.Write(BitConverter.GetBytes(value));
    }
}
