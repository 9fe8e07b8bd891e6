using System.Diagnostics;
using WebClustering.Core;
using WebClustering.Core.Clustering;

// Times k-means on the reference workload: 70,000 x 10 synthetic vectors in 10 Gaussian blobs, k = 10,
// 20 restarts (the comparison point is scikit-learn's KMeans(n_clusters=10, n_init=20) on the same shape).
// Usage: dotnet run -c Release --project bench/WebClustering.Bench -- [lloyd|elkan|minibatch|umap] [repeats] [blob std]
// A blob std of 1 (make_blobs' default) converges in a few iterations; 4 makes blobs overlap and Lloyd work.
// Other modes: "fashion" (deep clustering on Fashion-MNIST, see FashionMnistBench) and "blobs-npy <file>" (writes
// the vectors below for scikit-learn, then times k-means on them: bench/kmeans_vs_sklearn.sh), "csv-parse" (our CSV
// reader against Sep and Sylvan, see CsvParseBench).
if (args.Length > 0 && args[0] == "checkpoint")
{
    CheckpointBench.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "csv-parse")
{
    CsvParseBench.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "fashion")
{
    FashionMnistBench.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "manifold")
{
    ManifoldBench.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "fashion-latent")
{
    FashionLatentBench.Run(args[1..]);
    return;
}
if (args.Length > 1 && args[0] == "blobs-npy")
{
    SklearnComparison.Run(args[1], Blobs(70_000, 10, 10, 1.0, seed: 42));
    return;
}
string mode = args.Length > 0 ? args[0] : "lloyd";
int repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
double std = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1.0;
const int Rows = 70_000, Dims = 10, Clusters = 10, Restarts = 20;

Matrix data = Blobs(Rows, Dims, Clusters, std, seed: 42);
Console.WriteLine($"{Rows} x {Dims}, k = {Clusters}, n_init = {Restarts}, mode = {mode}, blob std {std}, " +
    $"{Environment.ProcessorCount} cores, SIMD width {System.Numerics.Vector<float>.Count}");

for (int r = 0; r <= repeats; r++)
{
    var process = Process.GetCurrentProcess();
    TimeSpan cpuBefore = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    double inertia;
    int iterations;
    if (mode == "umap")
    {
        // UMAP's cost is the approximate (HNSW) neighbour search plus 200 parallel epochs; "inertia" here is
        // that of k-means (k = 10) on the 2-D embedding, "iterations" the epochs.
        var embedding = WebClustering.Core.Manifold.Umap.Fit(data, new WebClustering.Core.Manifold.UmapOptions(Seed: r)).Embedding;
        (inertia, iterations) = (KMeans.Fit(embedding, new KMeansOptions(Clusters, NInit: 1, Seed: r)).Inertia, 200);
    }
    else if (mode == "minibatch")
    {
        var result = MiniBatchKMeans.Fit(data, new MiniBatchKMeansOptions(Clusters, NInit: 3, Seed: r));
        (inertia, iterations) = (result.Inertia, result.Iterations);
    }
    else
    {
        var algorithm = mode == "elkan" ? KMeansAlgorithm.Elkan : KMeansAlgorithm.Lloyd;
        var result = KMeans.Fit(data, new KMeansOptions(Clusters, NInit: Restarts, Seed: r, Algorithm: algorithm));
        (inertia, iterations) = (result.Inertia, result.Iterations);
    }
    watch.Stop();
    process.Refresh();
    double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    // Run 0 includes JIT compilation; it is printed but labelled as warm-up.
    string label = r == 0 ? "warm-up" : $"run {r}";
    // CPU seconds as well as wall: on a shared machine the wall time also measures the neighbours.
    Console.WriteLine($"{label}: {watch.Elapsed.TotalSeconds:F3} s wall, {cpu:F3} s CPU, inertia {inertia:F1}, " +
        $"iterations {iterations} (best restart)");
}

static Matrix Blobs(int rows, int dims, int clusters, double std, int seed)
{
    // Centres uniform in [-10, 10]^dims and Gaussian noise: sklearn's make_blobs, whose default std is 1.
    var rng = new Random(seed);
    var centres = new double[clusters * dims];
    for (int i = 0; i < centres.Length; i++)
        centres[i] = rng.NextDouble() * 20 - 10;
    var values = new float[rows * dims];
    for (int i = 0; i < rows; i++)
    {
        int c = rng.Next(clusters);
        for (int d = 0; d < dims; d++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double gaussian = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            values[i * dims + d] = (float)(centres[c * dims + d] + std * gaussian);
        }
    }
    return new Matrix(values, rows, dims);
}
