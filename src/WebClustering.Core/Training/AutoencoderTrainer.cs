using TorchSharp;
using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

public sealed record TrainingResult(DenseAutoencoder Model, IReadOnlyList<double> EpochLosses);

/// <summary>The loss stopped being a finite number; nothing useful can come of further epochs.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);

/// <summary>Trains a dense autoencoder with MSE on minibatches shuffled by the seed.</summary>
public static class AutoencoderTrainer
{
    public static TrainingResult Train(Matrix data, AutoencoderSpec spec, TrainingOptions options,
        Action<TrainingProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        if (data.Rows == 0) throw new ArgumentException("Cannot train on an empty dataset.");
        if (options.Epochs < 1) throw new ArgumentException("epochs must be at least 1.");
        if (options.BatchSize < 1) throw new ArgumentException("batchSize must be at least 1.");

        // Initial weights and batch order both come from the seed, never from libtorch's global generator.
        var model = new DenseAutoencoder(spec, options.Seed);
        var losses = Fit(model, data, options, onProgress, cancellationToken);
        return new TrainingResult(model, losses);
    }

    private static List<double> Fit(DenseAutoencoder model, Matrix data, TrainingOptions options,
        Action<TrainingProgress>? onProgress, CancellationToken cancellationToken)
    {
        using var all = torch.tensor(data.Values, [data.Rows, data.Cols]);
        using var optimizer = CreateOptimizer(model, options);
        var shuffler = new Random(options.Seed);
        var order = Enumerable.Range(0, data.Rows).Select(i => (long)i).ToArray();
        int batches = (data.Rows + options.BatchSize - 1) / options.BatchSize;
        var epochLosses = new List<double>(options.Epochs);

        model.train();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            shuffler.Shuffle(order);
            double sum = 0;
            for (int b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = b * options.BatchSize;
                int count = Math.Min(options.BatchSize, data.Rows - start);
                double loss = Step(model, optimizer, all, order.AsSpan(start, count));
                sum += loss * count;
                double? epochLoss = b == batches - 1 ? sum / data.Rows : null;
                onProgress?.Invoke(new TrainingProgress(epoch, options.Epochs, b + 1, batches, loss, epochLoss));
            }
            epochLosses.Add(sum / data.Rows);
            if (!double.IsFinite(sum))
                throw new TrainingDivergedException(
                    $"Training diverged: the loss became {sum / data.Rows} in epoch {epoch}. Lower the learning rate or scale the data.");
        }
        model.eval();
        return epochLosses;
    }

    private static double Step(DenseAutoencoder model, optim.Optimizer optimizer, Tensor all, ReadOnlySpan<long> rows)
    {
        using var scope = torch.NewDisposeScope();
        var batch = all.index_select(0, torch.tensor(rows.ToArray()));
        optimizer.zero_grad();
        var loss = nn.functional.mse_loss(model.forward(batch), batch);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    private static optim.Optimizer CreateOptimizer(DenseAutoencoder model, TrainingOptions options) => options.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(model.parameters(), options.LearningRate),
        OptimizerKind.Sgd => optim.SGD(model.parameters(), options.LearningRate, momentum: 0.9),
        _ => throw new ArgumentOutOfRangeException(nameof(options)),
    };
}
