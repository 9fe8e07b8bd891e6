using System.Diagnostics;
using System.Globalization;
using WebClustering.Core;
using WebClustering.Core.Clustering;
using WebClustering.Core.Manifold;
using WebClustering.Core.Metrics;

/// <summary>
/// Tries the manifold step on latent vectors that "fashion --save-latent" wrote, so that clustering recipes can be
/// compared on the same pretrained weights without pretraining again (each pretraining takes about 20 minutes):
///   dotnet bench/WebClustering.Bench/bin/Release/net10.0/WebClustering.Bench.dll fashion-latent --file DIR/latent-s0-e50-10.f32 --umap-seeds 0,1 --gmm-inits 1,10 [--gmm-seeds 3 --neighbours 20 --umap-epochs 500]
/// For every UMAP seed it lays the vectors out once, then fits a GMM with each number of starts; it prints the
/// unsupervised scores a recipe could choose by (log-likelihood, silhouette) beside ACC, NMI and ARI against the labels.
/// </summary>
internal static class FashionLatentBench
{
    public static void Run(string[] args)
    {
        var options = FashionMnistBench.Parse(args);
        string file = options["file"];
        int cols = int.Parse(Path.GetFileNameWithoutExtension(file).Split('-')[^1], CultureInfo.InvariantCulture);
        float[] values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(file)).ToArray();
        var latent = new Matrix(values, values.Length / cols, cols);
        int[] truth = [.. File.ReadAllLines(Path.Combine(Path.GetDirectoryName(file)!, "labels.txt")).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        int neighbours = FashionMnistBench.Int(options, "neighbours", 20);
        int[] umapSeeds = Ints(options.GetValueOrDefault("umap-seeds", "0"));
        int[] gmmInits = Ints(options.GetValueOrDefault("gmm-inits", "1"));
        int gmmSeeds = FashionMnistBench.Int(options, "gmm-seeds", 1);
        int? umapEpochs = options.TryGetValue("umap-epochs", out var e) ? int.Parse(e, CultureInfo.InvariantCulture) : null;
        Console.WriteLine($"{file}: {latent.Rows} x {latent.Cols}, UMAP {neighbours} neighbours, {umapEpochs?.ToString(CultureInfo.InvariantCulture) ?? "default"} epochs");

        foreach (int umapSeed in umapSeeds)
        {
            var watch = Stopwatch.StartNew();
            var embedding = Umap.Fit(latent, UmapOptions.N2D(10, umapSeed) with { NNeighbors = neighbours, NEpochs = umapEpochs }).Embedding;
            Console.WriteLine($"UMAP seed {umapSeed}: {watch.Elapsed.TotalSeconds:F1} s");
            foreach (int nInit in gmmInits)
                for (int gmmSeed = 0; gmmSeed < gmmSeeds; gmmSeed++)
                {
                    watch.Restart();
                    var gmm = GaussianMixture.Fit(embedding, new GaussianMixtureOptions(10, NInit: nInit, Seed: gmmSeed));
                    double seconds = watch.Elapsed.TotalSeconds;
                    double silhouette = InternalMetrics.Silhouette(embedding, gmm.Labels, 5000, 0);
                    Console.WriteLine($"  gmm nInit {nInit,2} seed {gmmSeed}: mean ll {gmm.LogLikelihood / latent.Rows,8:F4} silhouette {silhouette:F4} " +
                        $"ACC {ExternalMetrics.Accuracy(truth, gmm.Labels):F4} NMI {ExternalMetrics.NormalizedMutualInformation(truth, gmm.Labels):F4} " +
                        $"ARI {ExternalMetrics.AdjustedRandIndex(truth, gmm.Labels):F4} ({seconds:F1} s)");
                }
        }
    }

    private static int[] Ints(string list) => [.. list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}
