using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using WebClustering.Core;
using WebClustering.Core.Clustering;
using WebClustering.Core.Manifold;
using WebClustering.Core.Metrics;
using WebClustering.Core.Neighbors;

/// <summary>
/// The manifold step on saved latent vectors (bench/manifold.sh runs it beside umap-learn and scikit-learn):
///   WebClustering.Bench.dll manifold --file DIR/latent-pca-10.f32 --step knn|umap|gmm [--neighbours auto|exact|approximate --seed 0 --out FILE.npy]
/// knn: exact and approximate 19-neighbour graphs, their times and the approximate graph's recall@19.
/// umap: UMAP with N2D's settings (20 neighbours, min_dist 0, 10 dimensions), then a GMM (k 10, full, one k-means
/// start as scikit-learn's default) on the embedding, with ACC/NMI against DIR/labels.txt when it exists; --out writes
/// the embedding as .npy for scikit-learn. gmm: the GMM alone on the file's vectors (or an .npy embedding).
/// Prints wall time and the process's peak resident memory.
/// </summary>
internal static class ManifoldBench
{
    public static void Run(string[] args)
    {
        var options = FashionMnistBench.Parse(args);
        string file = options["file"];
        Matrix data = Load(file);
        int seed = FashionMnistBench.Int(options, "seed", 0);
        string step = options.GetValueOrDefault("step", "umap");
        Console.WriteLine($"{file}: {data.Rows} x {data.Cols}, step {step}, seed {seed}, {Environment.ProcessorCount} threads");
        string labelsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "labels.txt");
        int[]? truth = File.Exists(labelsPath) ? [.. File.ReadLines(labelsPath).Select(l => int.Parse(l, CultureInfo.InvariantCulture))] : null;
        if (truth is not null && truth.Length != data.Rows) truth = null;

        Cpu();
        var watch = Stopwatch.StartNew();
        if (step == "knn")
        {
            var approximate = ApproximateNeighbors.Query(data, 19);
            Console.WriteLine($"approximate 19-NN graph: {watch.Elapsed.TotalSeconds:F2} s ({Cpu():F1} s CPU)");
            watch.Restart();
            var exact = ExactNeighbors.Query(data, 19);
            Console.WriteLine($"exact 19-NN graph: {watch.Elapsed.TotalSeconds:F2} s ({Cpu():F1} s CPU), recall@19 of the approximate graph {Recall(exact, approximate):F4}");
        }
        else if (step == "umap")
        {
            var search = Enum.Parse<NeighborSearch>(options.GetValueOrDefault("neighbours", "auto"), ignoreCase: true);
            var umap = Umap.Fit(data, UmapOptions.N2D(10, seed) with { Neighbors = search });
            Console.WriteLine($"UMAP ({search} neighbours): {watch.Elapsed.TotalSeconds:F1} s ({Cpu():F1} s CPU)");
            if (options.TryGetValue("out", out var output)) SklearnComparison.WriteNpy(output, umap.Embedding);
            Gmm(umap.Embedding, truth, seed);
        }
        else
        {
            if (options.ContainsKey("kmeans"))
            {
                KMeans.Fit(data, new KMeansOptions(10, NInit: 1, Seed: seed));
                Console.WriteLine($"k-means start alone: {watch.Elapsed.TotalSeconds:F2} s ({Cpu():F1} s CPU)");
            }
            Gmm(data, truth, seed);
        }
        Console.WriteLine($"peak resident memory {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
    }

    private static void Gmm(Matrix data, int[]? truth, int seed)
    {
        Cpu();
        var watch = Stopwatch.StartNew();
        var gmm = GaussianMixture.Fit(data, new GaussianMixtureOptions(10, Seed: seed));
        string quality = truth is null ? "" :
            $", ACC {ExternalMetrics.Accuracy(truth, gmm.Labels):F4} NMI {ExternalMetrics.NormalizedMutualInformation(truth, gmm.Labels):F4}";
        Console.WriteLine($"GMM (k 10, full, n_init 1): {watch.Elapsed.TotalSeconds:F2} s, ({Cpu():F1} s CPU), {gmm.Iterations} EM iterations, " +
            $"mean log-likelihood {gmm.LogLikelihood / data.Rows:F4}{quality}");
    }

    private static TimeSpan _cpuMark;

    /// <summary>CPU seconds of this process since the last call: on a shared machine wall time also measures the neighbours.</summary>
    private static double Cpu()
    {
        TimeSpan now = Process.GetCurrentProcess().TotalProcessorTime, spent = now - _cpuMark;
        _cpuMark = now;
        return spent.TotalSeconds;
    }

    /// <summary>Saved latent vectors: a raw float32 file named ...-COLS.f32, or an .npy of float32.</summary>
    internal static Matrix Load(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        if (file.EndsWith(".npy", StringComparison.Ordinal))
        {
            int headerLength = BitConverter.ToUInt16(bytes, 8);
            string header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
            string shape = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
            int cols = int.Parse(shape.Split(',')[1].Trim(' ', ')'), CultureInfo.InvariantCulture);
            float[] values = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(10 + headerLength)).ToArray();
            return new Matrix(values, values.Length / cols, cols);
        }
        int width = int.Parse(Path.GetFileNameWithoutExtension(file).Split('-')[^1], CultureInfo.InvariantCulture);
        float[] raw = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        return new Matrix(raw, raw.Length / width, width);
    }

    private static double Recall(NeighborGraph exact, NeighborGraph approximate)
    {
        int k = exact.K, rows = exact.Indices.Length / k;
        long found = 0;
        for (int i = 0; i < rows; i++)
        {
            var truth = exact.Indices.AsSpan(i * k, k);
            foreach (int j in approximate.Indices.AsSpan(i * k, k))
                if (truth.Contains(j)) found++;
        }
        return (double)found / ((long)rows * k);
    }
}
