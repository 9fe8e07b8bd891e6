using System.Diagnostics;
using TorchSharp;
using WebClustering.Core;
using WebClustering.Core.Datasets;
using WebClustering.Core.Models;
using WebClustering.Core.Training;

// Training throughput of the service's own trainer (AutoencoderTrainer, as jobs run it) on Fashion-MNIST:
// the dense 784-500-500-2000-10 autoencoder, batch 256, MSE, Adam. bench/training.sh runs it beside PyTorch.
//   WebClustering.TrainBench [--epochs 2] [--rows 70000] [--threads 2] [--data /usr/share/datasets/fashion-mnist]
var options = Args.Parse(args);
torch.set_num_threads(options.Threads);
var data = FashionMnist.Load(options.Data, options.Rows);
var spec = new DenseSpec { InputDim = 784, HiddenLayers = [500, 500, 2000], LatentDim = 10 };
var training = new TrainingOptions(Epochs: options.Epochs, BatchSize: 256, LearningRate: 1e-3, Optimizer: OptimizerKind.Adam, Seed: 0);

// One short warm-up run so that first-call costs (native loading, allocator growth) are not counted.
AutoencoderTrainer.Train(new Matrix(data.Values[..(2048 * 784)], 2048, 784), spec, training with { Epochs = 1 });

var stopwatch = Stopwatch.StartNew();
var result = AutoencoderTrainer.Train(data, spec, training);
stopwatch.Stop();
double samplesPerSecond = (double)data.Rows * options.Epochs / stopwatch.Elapsed.TotalSeconds;
Console.WriteLine($"webclustering (TorchSharp {typeof(torch).Assembly.GetName().Version}): {samplesPerSecond:F0} samples/s " +
    $"({data.Rows} rows x {options.Epochs} epochs in {stopwatch.Elapsed.TotalSeconds:F1} s, {options.Threads} threads, last epoch's mean loss {result.EpochLosses[^1]:F4})");

internal sealed record Args(int Epochs, int Rows, int Threads, string Data)
{
    public static Args Parse(string[] args)
    {
        string Value(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        return new Args(int.Parse(Value("--epochs", "2")), int.Parse(Value("--rows", "70000")), int.Parse(Value("--threads", "2")),
            Value("--data", "/usr/share/datasets/fashion-mnist"));
    }
}

internal static class FashionMnist
{
    /// <summary>Training and test images together (70,000), scaled to [0, 1], the first <paramref name="rows"/> of them.</summary>
    public static Matrix Load(string folder, int rows)
    {
        var parts = new[] { "train", "t10k" }.Select(prefix =>
        {
            using var images = File.OpenRead(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"));
            return IdxDatasetReader.Read(images).Features;
        });
        var all = parts.SelectMany(p => p).Take(rows * 784).Select(v => v / 255f).ToArray();
        return new Matrix(all, all.Length / 784, 784);
    }
}
