using TorchSharp;
using WebClustering.Core.Models;
using WebClustering.Core.Rows;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

/// <summary>
/// One training run's state: the rows (batches drawn by <see cref="ShuffledBatches"/>), the validation rows as a tensor, the optimiser, the seeded random streams and where the run stands,
/// which a checkpoint saves and a later run resumes from.
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    private readonly Autoencoder model;
    private readonly TrainingOptions options;
    private readonly RowSource training;
    private readonly DataSplit split;
    private readonly float[] batch;
    private readonly Tensor? validation;
    private readonly optim.Optimizer optimizer;
    private readonly Generator noise;
    private readonly Action<TrainingProgress>? onProgress;
    private readonly CancellationToken cancellationToken;
    private readonly TrainingCheckpoints? checkpoints;
    private readonly List<EpochRecord> history;
    private readonly EarlyStopper? stopper;
    private RunPosition position = new(0, 0, 0);
    private int lastCheckpointEpoch;
    private long lastCheckpointTicks = Environment.TickCount64;

    public TrainingRun(Autoencoder model, RowSource data, DataSplit split, TrainingOptions options,
        Action<TrainingProgress>? onProgress, CancellationToken cancellationToken, TrainingCheckpoints? checkpoints = null)
    {
        this.model = model;
        this.options = options;
        this.onProgress = onProgress;
        this.cancellationToken = cancellationToken;
        this.checkpoints = checkpoints;
        training = data;
        this.split = split;
        batch = new float[(long)options.BatchSize * data.Cols];
        validation = split.Validation.Length > 0 ? Rows(data.ReadRows(split.Validation)) : null;
        optimizer = Optimizers.Create(model.parameters(), options);
        // Its own stream, distinct from the one a VAE seeds its sampling with.
        noise = new Generator(unchecked((ulong)options.Seed * 0x9E3779B97F4A7C15UL + 1), CPU);
        history = new List<EpochRecord>(options.Epochs);
        stopper = options.EarlyStopping is { } early ? new EarlyStopper(early) : null;
        if (checkpoints?.ResumeFrom is { } resume)
        {
            position = CheckpointFormat.Read(resume.State, history, stopper, model, optimizer, noise);
            lastCheckpointEpoch = position.EpochsDone;
        }
    }

    public (List<EpochRecord> History, int BestEpoch) Run()
    {
        // Resumed after training had ended (the job stopped while clustering): the weights kept are loaded already.
        if (position.Finished)
        {
            model.eval();
            return (history, position.BestEpoch);
        }
        model.train();
        for (int epoch = position.EpochsDone + 1; epoch <= options.Epochs; epoch++)
        {
            double rate = options.Schedule?.RateAt(options.LearningRate, epoch, options.Epochs) ?? options.LearningRate;
            Optimizers.SetLearningRate(optimizer, rate);
            double loss = TrainEpoch(epoch);
            double? validationLoss = validation is null ? null : Evaluate(validation);
            history.Add(new EpochRecord(epoch, loss, validationLoss, rate));
            if (!double.IsFinite(loss) || validationLoss is { } v && !double.IsFinite(v))
                throw new TrainingDivergedException(
                    $"Training diverged: the loss became {(double.IsFinite(loss) ? validationLoss : loss)} in epoch {epoch}. Lower the learning rate or scale the data.");
            bool stop = stopper is not null && stopper.ShouldStop(epoch, validationLoss!.Value, model);
            position = new RunPosition(epoch, 0, 0);
            if (stop) break;
            // The last epoch is saved once, as the end of training, below.
            if (checkpoints is not null && epoch < options.Epochs
                && (checkpoints.CountsEpochs && epoch - lastCheckpointEpoch >= checkpoints.EveryEpochs || IntervalPassed()))
                SaveCheckpoint();
        }
        int bestEpoch = stopper?.RestoreBest(model) ?? history.Count;
        model.eval();
        position = new RunPosition(position.EpochsDone, 0, 0, Finished: true, BestEpoch: bestEpoch);
        if (checkpoints is not null) SaveCheckpoint();
        return (history, bestEpoch);
    }

    private double TrainEpoch(int epoch)
    {
        // A fresh order per epoch from a seed of its own, so a resumed run shuffles exactly as the first one did.
        var epochBatches = new ShuffledBatches(training, split.Validation, options.BatchSize, EpochSeed(options.Seed, epoch));
        int rows = split.TrainingRows, batches = epochBatches.Count;
        int first = position.BatchesDone;
        epochBatches.Skip(first);
        double sum = position.PartialLossSum;
        for (int b = first; b < batches; b++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                if (checkpoints?.SaveWhenCancelled?.Invoke() == true) SaveCheckpoint();
                cancellationToken.ThrowIfCancellationRequested();
            }
            int count = epochBatches.Next(batch);
            double loss = Step(count);
            sum += loss * count;
            position = new RunPosition(epoch - 1, b + 1, sum);
            double? epochLoss = b == batches - 1 ? sum / rows : null;
            onProgress?.Invoke(new TrainingProgress(epoch, options.Epochs, b + 1, batches, loss, epochLoss, count));
            if (b < batches - 1 && IntervalPassed()) SaveCheckpoint();
        }
        return sum / rows;
    }

    /// <summary>The seed of one epoch's batch order: SplitMix64 of the run's seed and the epoch.</summary>
    internal static int EpochSeed(int seed, int epoch)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32 | (uint)epoch) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(z ^ (z >> 31)));
    }

    private bool IntervalPassed() =>
        checkpoints is { CountsTime: true } && Environment.TickCount64 - lastCheckpointTicks >= checkpoints.Interval.TotalMilliseconds;

    private void SaveCheckpoint()
    {
        var state = CheckpointFormat.Write(position, history, stopper, model, optimizer, noise);
        checkpoints!.Save(new TrainingCheckpoint(position.EpochsDone, state));
        lastCheckpointEpoch = position.EpochsDone;
        lastCheckpointTicks = Environment.TickCount64;
    }

    private double Step(int count)
    {
        using var scope = NewDisposeScope();
        var targets = tensor(batch.AsSpan(0, count * training.Cols).ToArray(), [count, training.Cols]);
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

    private static Tensor Rows(Matrix rows) => tensor(rows.Values, [rows.Rows, rows.Cols]);

    public void Dispose()
    {
        validation?.Dispose();
        optimizer.Dispose();
        noise.Dispose();
        stopper?.Dispose();
    }
}
