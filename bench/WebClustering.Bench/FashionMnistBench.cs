using System.Diagnostics;
using System.Globalization;
using WebClustering.Core;
using WebClustering.Core.Inference;
using WebClustering.Core.Clustering;
using WebClustering.Core.Datasets;
using WebClustering.Core.Metrics;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Runtime;
using WebClustering.Core.Training;
using static TorchSharp.torch;

/// <summary>
/// Deep clustering on Fashion-MNIST (Debian's dataset-fashion-mnist): one pretraining of DEC's dense
/// 784-500-500-2000-10 autoencoder, then AE + k-means, DEC, IDEC and the N2D manifold recipe on copies of it, each
/// scored by ACC, NMI and ARI against the labels, with its wall time. Runnable in pieces because the full 70,000-image
/// run takes hours on two cores:
///   dotnet run -c Release --project bench/WebClustering.Bench -- fashion --rows 10000 --epochs 5 --methods kmeans,dec
/// Options: --rows (first N of train then test; default 70000), --epochs (pretraining; 50), --methods
/// (kmeans,dec,idec,manifold), --dec-iter (DEC/IDEC minibatches; 2000), --threads (libtorch; all cores), --seed (0),
/// --folder (/usr/share/datasets/fashion-mnist), --eval-every (also score AE + k-means and the manifold recipe on the
/// weights of every N epochs while pretraining, to see how quality grows with epochs in one run; 0, off), --save-latent
/// (a folder: write the latent vectors of every --eval-every milestone there instead of scoring them, for
/// "fashion-latent" to try clustering recipes on without pretraining again), --noise (masking:0.2 or gaussian:0.1:
/// a denoising autoencoder), --model (dense, DEC's; or conv, DCEC's), --latent (the latent size; 10).
/// </summary>
internal static class FashionMnistBench
{
    /// <summary>The n2d preset's clustering: UMAP (20 neighbours, min_dist 0, 10 dimensions), then a GMM with several starts.</summary>
    private static readonly ClusteringSpec N2D = new() { Algorithm = ClusteringAlgorithm.Manifold, K = 10, Gmm = new GmmSpec { NInit = GmmSpec.N2DStarts } };

    public static void Run(string[] args)
    {
        var options = Parse(args);
        int rows = Int(options, "rows", 70_000), epochs = Int(options, "epochs", 50), seed = Int(options, "seed", 0);
        int decIter = Int(options, "dec-iter", 2000), threads = Int(options, "threads", Environment.ProcessorCount);
        string[] methods = options.GetValueOrDefault("methods", "kmeans,dec,idec,manifold").Split(',');
        string folder = options.GetValueOrDefault("folder", "/usr/share/datasets/fashion-mnist");
        set_num_threads(threads);

        var (data, truth) = Load(folder, rows);
        Console.WriteLine($"Fashion-MNIST: {data.Rows} images, pretraining {epochs} epochs, {threads} threads, methods {string.Join(",", methods)}");
        var spec = Model(options.GetValueOrDefault("model", "dense"), Int(options, "latent", 10));
        if (spec is ConvSpec) Console.WriteLine($"convolution kernels: {ConvolutionKernels.EnsureCorrect().Description}");
        var watch = Stopwatch.StartNew();
        int evalEvery = Int(options, "eval-every", 0);
        var milestones = evalEvery <= 0 ? null : new TrainingCheckpoints
        {
            EveryEpochs = evalEvery,
            Interval = TimeSpan.Zero,
            Save = checkpoint => AtMilestone(checkpoint, spec, data, watch, (latent, epochs) =>
            {
                if (options.TryGetValue("save-latent", out var folder)) SaveLatent(latent, epochs, truth, seed, folder, watch);
                else ScoreLatent(latent, epochs, truth, seed, watch);
            }),
        };
        var training = new TrainingOptions(epochs, 256, 1e-3, OptimizerKind.Adam, seed) { Noise = Noise(options) };
        var trained = AutoencoderTrainer.Train(data, spec, training, checkpoints: milestones);
        double pretrain = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"pretraining: {pretrain:F1} s, final loss {trained.History[^1].TrainingLoss:F5}");
        // Each refinement changes the encoder in place, so each starts from its own copy of the pretrained weights.
        byte[] pretrained = ModelFile.Save(new TrainedModel(trained.Model, Scaler.Fit(data, ScalingKind.None)));
        var latent = ModelInference.Latent(trained.Model, data);

        Console.WriteLine($"{"method",-14}{"ACC",8}{"NMI",8}{"ARI",8}{"seconds",10}");
        foreach (string method in methods)
        {
            watch.Restart();
            int[] labels = method switch
            {
                "kmeans" => KMeans.Fit(latent, new KMeansOptions(10, NInit: 20, Seed: seed)).Labels,
                "dec" or "idec" => Refine(pretrained, data, latent, method == "idec", decIter, seed),
                "manifold" => ClusteringEngine.Fit(latent, N2D, seed).Labels,
                _ => throw new ArgumentException($"Unknown method '{method}' (kmeans, dec, idec, manifold)."),
            };
            double seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"{"AE+" + method,-14}{ExternalMetrics.Accuracy(truth, labels),8:F4}{ExternalMetrics.NormalizedMutualInformation(truth, labels),8:F4}" +
                $"{ExternalMetrics.AdjustedRandIndex(truth, labels),8:F4}{seconds,10:F1}   (+{pretrain:F1} s pretraining)");
        }
    }

    /// <summary>
    /// --model dense (DEC's 784-500-500-2000-10, the default) or conv (DCEC's convolutional autoencoder: 32 5x5, 64
    /// 5x5 and 128 3x3 filters, each at stride 2, then 10 latent units; the decoder mirrors it with transposed convs).
    /// conv:16,32,64:nearest names other channel counts and the decoder's upsampling.
    /// </summary>
    private static AutoencoderSpec Model(string text, int latentDim)
    {
        var parts = text.Split(':');
        if (parts[0] == "dense") return new DenseSpec { InputDim = 784, HiddenLayers = [500, 500, 2000], LatentDim = latentDim };
        if (parts[0] != "conv") throw new ArgumentException($"Unknown model '{text}' (dense, conv[:C1,C2,C3[:nearest|transposed]]).");
        int[] channels = parts.Length > 1 ? [.. parts[1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] : [32, 64, 128];
        var upsampling = parts.Length > 2 ? Enum.Parse<Upsampling>(parts[2], ignoreCase: true) : Upsampling.Transposed;
        return new ConvSpec
        {
            Channels = 1, Height = 28, Width = 28, LatentDim = latentDim,
            Encoder = [new ConvBlock(channels[0], 5, 2), new ConvBlock(channels[1], 5, 2), new ConvBlock(channels[2], 3, 2)],
            Decoder = new ConvDecoderSpec(upsampling),
        };
    }

    /// <summary>--noise masking:0.2 or gaussian:0.1 pretrains a denoising autoencoder; absent, a plain one.</summary>
    private static InputNoise? Noise(Dictionary<string, string> options)
    {
        if (!options.TryGetValue("noise", out var text)) return null;
        var parts = text.Split(':');
        return new InputNoise(Enum.Parse<NoiseKind>(parts[0], ignoreCase: true), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Encodes the data with a pretraining checkpoint's weights and hands the latent vectors on; the time spent here
    /// is left out of the reported elapsed time.
    /// </summary>
    private static void AtMilestone(TrainingCheckpoint checkpoint, AutoencoderSpec spec, Matrix data, Stopwatch watch, Action<Matrix, int> use)
    {
        watch.Stop();
        using (var model = CheckpointWeights.Load(spec, checkpoint.State, out int epochs))
            use(ModelInference.Latent(model, data), epochs);
        watch.Start();
    }

    /// <summary>Scores AE + k-means and the manifold recipe on a milestone's latent vectors.</summary>
    private static void ScoreLatent(Matrix latent, int epochs, int[] truth, int seed, Stopwatch watch)
    {
        var clock = Stopwatch.StartNew();
        int[] kmeans = KMeans.Fit(latent, new KMeansOptions(10, NInit: 20, Seed: seed)).Labels;
        double kmeansSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        int[] manifold = ClusteringEngine.Fit(latent, N2D, seed).Labels;
        Console.WriteLine($"  epoch {epochs} after {watch.Elapsed.TotalSeconds:F0} s of pretraining: AE+kmeans ACC {ExternalMetrics.Accuracy(truth, kmeans):F4} " +
            $"NMI {ExternalMetrics.NormalizedMutualInformation(truth, kmeans):F4} ({kmeansSeconds:F1} s); manifold ACC {ExternalMetrics.Accuracy(truth, manifold):F4} " +
            $"NMI {ExternalMetrics.NormalizedMutualInformation(truth, manifold):F4} ARI {ExternalMetrics.AdjustedRandIndex(truth, manifold):F4} ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    /// <summary>Writes a milestone's latent vectors (raw float32, row-major) and the labels, for "fashion-latent".</summary>
    private static void SaveLatent(Matrix latent, int epochs, int[] truth, int seed, string folder, Stopwatch watch)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"latent-s{seed}-e{epochs}-{latent.Cols}.f32");
        File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(latent.Values.AsSpan()).ToArray());
        File.WriteAllLines(Path.Combine(folder, "labels.txt"), truth.Select(t => t.ToString(CultureInfo.InvariantCulture)));
        Console.WriteLine($"  epoch {epochs} after {watch.Elapsed.TotalSeconds:F0} s of pretraining: latent written to {path}");
    }

    private static int[] Refine(byte[] pretrained, Matrix data, Matrix latent, bool idec, int maxIter, int seed)
    {
        var copy = ModelFile.Load(new MemoryStream(pretrained));
        var start = KMeans.Fit(latent, new KMeansOptions(10, NInit: 20, Seed: seed));
        var result = WebClustering.Core.DeepClustering.DeepClustering.Refine(copy.Autoencoder, data, start.Centroids,
            new DecSpec { MaxIter = maxIter }, idec, seed);
        Console.WriteLine($"  {(idec ? "idec" : "dec")}: {result.Batches} batches, converged {result.Converged}, " +
            $"KL per update {string.Join(" ", result.LossHistory.Select(l => l.ToString("F4", CultureInfo.InvariantCulture)))}");
        copy.Autoencoder.Dispose();
        return result.Labels;
    }

    /// <summary>The first <paramref name="rows"/> images of train then test, pixels scaled to [0, 1] as DEC does.</summary>
    private static (Matrix Data, int[] Labels) Load(string folder, int rows)
    {
        var parts = new[] { "train", "t10k" }.Select(prefix =>
        {
            using var images = File.OpenRead(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"));
            using var labels = File.OpenRead(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"));
            return IdxDatasetReader.Read(images, labels);
        }).ToList();
        var features = parts.SelectMany(p => p.Features).Take(rows * 784).Select(v => v / 255f).ToArray();
        int[] truth = [.. parts.SelectMany(p => p.Labels!).Take(rows).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        return (new Matrix(features, truth.Length, 784), truth);
    }

    internal static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (int i = 0; i + 1 < args.Length; i += 2)
            options[args[i].TrimStart('-')] = args[i + 1];
        return options;
    }

    internal static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
