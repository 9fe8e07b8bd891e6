using System.Diagnostics;
using System.Globalization;
using WebClustering.Core;
using WebClustering.Core.Clustering;
using WebClustering.Core.Manifold;
using WebClustering.Core.Metrics;

/// <summary>
/// Tries the manifold step on latent vectors that "fashion --save-latent" wrote, so that clustering recipes can be
/// compared on the same pretrained weights without pretraining again (each pretraining takes about 20 minutes):
///   dotnet bench/WebClustering.Bench/bin/Release/net10.0/WebClustering.Bench.dll fashion-latent --file DIR/latent-s0-e50-10.f32 --umap-seeds 0,1 --gmm-inits 1,10 [--gmm-seeds 3 --neighbours 20 --umap-epochs 500 --confusion 1 --clusterers gmm,kmeans,diag,spherical]
/// For every UMAP seed it lays the vectors out once, then fits a GMM with each number of starts; it prints the
/// unsupervised scores a recipe could choose by (log-likelihood, silhouette) beside ACC, NMI and ARI against the labels.
/// </summary>
internal static class FashionLatentBench
{
    public static void Run(string[] args)
    {
        var options = FashionMnistBench.Parse(args);
        string file = options["file"];
        var latent = ManifoldBench.Load(file);
        int[] truth = [.. File.ReadAllLines(Path.Combine(Path.GetDirectoryName(file)!, "labels.txt")).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        int neighbours = FashionMnistBench.Int(options, "neighbours", 20);
        int[] umapSeeds = Ints(options.GetValueOrDefault("umap-seeds", "0"));
        int[] gmmInits = Ints(options.GetValueOrDefault("gmm-inits", "1"));
        int gmmSeeds = FashionMnistBench.Int(options, "gmm-seeds", 1);
        int? umapEpochs = options.TryGetValue("umap-epochs", out var e) ? int.Parse(e, CultureInfo.InvariantCulture) : null;
        bool confusion = options.ContainsKey("confusion");
        string[] clusterers = options.GetValueOrDefault("clusterers", "gmm").Split(',');
        Console.WriteLine($"{file}: {latent.Rows} x {latent.Cols}, UMAP {neighbours} neighbours, {umapEpochs?.ToString(CultureInfo.InvariantCulture) ?? "default"} epochs");

        foreach (int umapSeed in umapSeeds)
        {
            var watch = Stopwatch.StartNew();
            // --neighbours 0 clusters the latent vectors themselves, to see what the manifold step adds.
            var embedding = neighbours == 0 ? latent : Umap.Fit(latent, UmapOptions.N2D(10, umapSeed) with { NNeighbors = neighbours, NEpochs = umapEpochs }).Embedding;
            Console.WriteLine($"UMAP seed {umapSeed}: {watch.Elapsed.TotalSeconds:F1} s");
            foreach (string clusterer in clusterers)
                foreach (int nInit in gmmInits)
                    for (int fitSeed = 0; fitSeed < gmmSeeds; fitSeed++)
                    {
                        watch.Restart();
                        var (labels, logLikelihood) = Cluster(embedding, clusterer, nInit, fitSeed);
                        double seconds = watch.Elapsed.TotalSeconds;
                        double silhouette = InternalMetrics.Silhouette(embedding, labels, 5000, 0);
                        Console.WriteLine($"  {clusterer} nInit {nInit,2} seed {fitSeed}: mean ll {logLikelihood / latent.Rows,8:F4} silhouette {silhouette:F4} " +
                            $"ACC {ExternalMetrics.Accuracy(truth, labels):F4} NMI {ExternalMetrics.NormalizedMutualInformation(truth, labels):F4} " +
                            $"ARI {ExternalMetrics.AdjustedRandIndex(truth, labels):F4} ({seconds:F1} s)");
                        if (confusion) PrintContingency(truth, labels);
                    }
        }
    }

    /// <summary>gmm (full covariance), diag, spherical, or kmeans (its log-likelihood printed as minus the inertia).</summary>
    private static (int[] Labels, double LogLikelihood) Cluster(Matrix embedding, string clusterer, int nInit, int seed)
    {
        if (clusterer == "kmeans")
        {
            var kmeans = KMeans.Fit(embedding, new KMeansOptions(10, NInit: nInit, Seed: seed));
            return (kmeans.Labels, -kmeans.Inertia);
        }
        var covariance = clusterer switch
        {
            "gmm" => CovarianceType.Full,
            "diag" => CovarianceType.Diag,
            "spherical" => CovarianceType.Spherical,
            _ => throw new ArgumentException($"Unknown clusterer '{clusterer}' (gmm, diag, spherical, kmeans)."),
        };
        var gmm = GaussianMixture.Fit(embedding, new GaussianMixtureOptions(10, covariance, NInit: nInit, Seed: seed));
        return (gmm.Labels, gmm.LogLikelihood);
    }

    /// <summary>One line per cluster: how many of each label it holds, to see which classes a recipe merges or splits.</summary>
    private static void PrintContingency(int[] truth, int[] labels)
    {
        int classes = truth.Max() + 1, clusters = labels.Max() + 1;
        var counts = new int[clusters, classes];
        for (int i = 0; i < truth.Length; i++) counts[labels[i], truth[i]]++;
        for (int c = 0; c < clusters; c++)
            Console.WriteLine($"    cluster {c}: " + string.Join(" ", Enumerable.Range(0, classes).Select(t => $"{counts[c, t],5}")));
    }

    private static int[] Ints(string list) => [.. list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}
