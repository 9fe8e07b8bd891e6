using TorchSharp;
using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

/// <summary>One training run's state: the data as tensors, the optimiser and the seeded random streams.</summary>
internal sealed class TrainingRun : IDisposable
{
    private readonly Autoencoder model;
    private readonly TrainingOptions options;
    private readonly Tensor training;
    private readonly Tensor? validation;
    private readonly optim.Optimizer optimizer;
    private readonly Random shuffler;
    private readonly Generator noise;
    private readonly long[] order;
    private readonly Action<TrainingProgress>? onProgress;
    private readonly CancellationToken cancellationToken;

    public TrainingRun(Autoencoder model, Matrix data, DataSplit split, TrainingOptions options,
        Action<TrainingProgress>? onProgress, CancellationToken cancellationToken)
    {
        this.model = model;
        this.options = options;
        this.onProgress = onProgress;
        this.cancellationToken = cancellationToken;
        training = Rows(data, split.Training);
        validation = split.Validation.Length > 0 ? Rows(data, split.Validation) : null;
        optimizer = Optimizers.Create(model.parameters(), options);
        shuffler = new Random(options.Seed);
        // Its own stream, distinct from the one a VAE seeds its sampling with.
        noise = new Generator(unchecked((ulong)options.Seed * 0x9E3779B97F4A7C15UL + 1), CPU);
        order = Enumerable.Range(0, split.Training.Length).Select(i => (long)i).ToArray();
    }

    public (List<EpochRecord> History, int BestEpoch) Run()
    {
        var history = new List<EpochRecord>(options.Epochs);
        using var stopper = options.EarlyStopping is { } early ? new EarlyStopper(early) : null;
        model.train();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            double rate = options.Schedule?.RateAt(options.LearningRate, epoch, options.Epochs) ?? options.LearningRate;
            Optimizers.SetLearningRate(optimizer, rate);
            double loss = TrainEpoch(epoch);
            double? validationLoss = validation is null ? null : Evaluate(validation);
            history.Add(new EpochRecord(epoch, loss, validationLoss, rate));
            if (!double.IsFinite(loss) || validationLoss is { } v && !double.IsFinite(v))
                throw new TrainingDivergedException(
                    $"Training diverged: the loss became {(double.IsFinite(loss) ? validationLoss : loss)} in epoch {epoch}. Lower the learning rate or scale the data.");
            if (stopper is not null && stopper.ShouldStop(epoch, validationLoss!.Value, model)) break;
        }
        int bestEpoch = stopper?.RestoreBest(model) ?? history.Count;
        model.eval();
        return (history, bestEpoch);
    }

    private double TrainEpoch(int epoch)
    {
        shuffler.Shuffle(order);
        int rows = order.Length, batches = (rows + options.BatchSize - 1) / options.BatchSize;
        double sum = 0;
        for (int b = 0; b < batches; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int start = b * options.BatchSize, count = Math.Min(options.BatchSize, rows - start);
            double loss = Step(order.AsSpan(start, count));
            sum += loss * count;
            double? epochLoss = b == batches - 1 ? sum / rows : null;
            onProgress?.Invoke(new TrainingProgress(epoch, options.Epochs, b + 1, batches, loss, epochLoss, count));
        }
        return sum / rows;
    }

    private double Step(ReadOnlySpan<long> rows)
    {
        using var scope = NewDisposeScope();
        var targets = training.index_select(0, tensor(rows.ToArray()));
        var inputs = options.Noise is { } corruption ? corruption.Apply(targets, noise) : targets;
        optimizer.zero_grad();
        var loss = model.Objective(inputs, targets, options.Loss);
        loss.backward();
        if (options.MaxGradNorm is { } maxNorm) nn.utils.clip_grad_norm_(model.parameters(), maxNorm);
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>The loss on clean held-out rows in evaluation mode, weighted by batch size.</summary>
    private double Evaluate(Tensor rows)
    {
        model.eval();
        using var _ = no_grad();
        long count = rows.shape[0];
        double sum = 0;
        for (long start = 0; start < count; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            long size = Math.Min(options.BatchSize, count - start);
            var batch = rows.narrow(0, start, size);
            sum += model.Objective(batch, batch, options.Loss).item<float>() * size;
        }
        model.train();
        return sum / count;
    }

    private static Tensor Rows(Matrix data, long[] indices)
    {
        using var all = tensor(data.Values, [data.Rows, data.Cols]);
        using var index = tensor(indices);
        return all.index_select(0, index);
    }

    public void Dispose()
    {
        training.Dispose();
        validation?.Dispose();
        optimizer.Dispose();
        noise.Dispose();
    }
}
