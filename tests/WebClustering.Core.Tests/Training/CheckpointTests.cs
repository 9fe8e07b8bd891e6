using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.Training;

/// <summary>
/// A run resumed from a checkpoint must end exactly where the uninterrupted run ends: same weights, same loss
/// history. That needs the optimiser's state, the generators' states and the batch order to be restored, which
/// these tests check by comparing latent vectors bit for bit.
/// </summary>
public class CheckpointTests
{
    private static readonly DenseSpec Dense = new() { InputDim = 12, HiddenLayers = [16], LatentDim = 3 };

    // Adam with masking noise, a validation split and early stopping that never triggers: every piece of state at once.
    private static readonly TrainingOptions Options = new(Epochs: 8, BatchSize: 16, Seed: 5)
    {
        Noise = new InputNoise(NoiseKind.Masking, 0.2),
        ValidationFraction = 0.2,
        EarlyStopping = new EarlyStopping(Patience: 100),
        Schedule = new LearningRateSchedule(ScheduleKind.Cosine),
    };

    private static readonly Matrix Data = TestData.Blobs(40, 3, 12).Data;

    public static TheoryData<string> Kinds => ["dense-adam", "dense-sgd-nesterov", "vae"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Resuming_from_an_epoch_checkpoint_ends_exactly_where_the_uninterrupted_run_ends(string kind)
    {
        var (spec, options) = Case(kind);
        var saved = new List<TrainingCheckpoint>();
        var uninterrupted = AutoencoderTrainer.Train(Data, spec, options, checkpoints: new TrainingCheckpoints { EveryEpochs = 2, Save = saved.Add });

        Assert.Equal([2, 4, 6, 8], saved.Select(c => c.Epoch)); // the last one is the end of training
        var epochs = new List<int>();
        var resumed = AutoencoderTrainer.Train(Data, spec, options, p => { if (p.EpochLoss is not null) epochs.Add(p.Epoch); },
            checkpoints: new TrainingCheckpoints { EveryEpochs = 0, Save = _ => { }, ResumeFrom = saved[1] });

        Assert.Equal([5, 6, 7, 8], epochs);
        AssertSameRun(uninterrupted, resumed);
    }

    [Fact]
    public void A_run_cancelled_mid_epoch_saves_the_batch_reached_and_resumes_from_it_exactly()
    {
        var uninterrupted = AutoencoderTrainer.Train(Data, Dense, Options);
        TrainingCheckpoint? onShutdown = null;
        using var stop = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() => AutoencoderTrainer.Train(Data, Dense, Options,
            p => { if (p.Epoch == 3 && p.Batch == 2) stop.Cancel(); }, stop.Token,
            new TrainingCheckpoints { EveryEpochs = 0, Save = c => onShutdown = c, SaveWhenCancelled = () => true }));

        Assert.Equal(2, onShutdown!.Epoch);
        var first = new List<(int Epoch, int Batch)>();
        var resumed = AutoencoderTrainer.Train(Data, Dense, Options, p => first.Add((p.Epoch, p.Batch)),
            checkpoints: new TrainingCheckpoints { Save = _ => { }, ResumeFrom = onShutdown });

        Assert.Equal((3, 3), first[0]);
        AssertSameRun(uninterrupted, resumed);
    }

    [Fact]
    public void A_cancelled_job_saves_nothing_when_told_not_to()
    {
        var saved = new List<TrainingCheckpoint>();
        using var stop = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() => AutoencoderTrainer.Train(Data, Dense, Options,
            p => { if (p.Epoch == 2) stop.Cancel(); }, stop.Token,
            new TrainingCheckpoints { EveryEpochs = 0, Save = saved.Add, SaveWhenCancelled = () => false }));

        Assert.Empty(saved);
    }

    [Fact]
    public void Resuming_after_training_ended_trains_no_batch_and_keeps_the_best_epoch()
    {
        var options = Options with { EarlyStopping = new EarlyStopping(Patience: 1, MinDelta: 10) };
        var saved = new List<TrainingCheckpoint>();
        var first = AutoencoderTrainer.Train(Data, Dense, options, checkpoints: new TrainingCheckpoints { EveryEpochs = 0, Save = saved.Add });
        int batches = 0;

        var resumed = AutoencoderTrainer.Train(Data, Dense, options, _ => batches++,
            checkpoints: new TrainingCheckpoints { Save = _ => { }, ResumeFrom = saved.Single() });

        Assert.Equal(0, batches);
        Assert.Equal(2, first.History.Count); // stopped early: the second epoch did not improve by 10
        Assert.Equal(1, resumed.BestEpoch);
        AssertSameRun(first, resumed);
    }

    [Fact]
    public void A_checkpoint_of_another_model_is_refused_with_a_reason()
    {
        var saved = new List<TrainingCheckpoint>();
        AutoencoderTrainer.Train(Data, Dense, Options with { Epochs = 1 }, checkpoints: new TrainingCheckpoints { Save = saved.Add });
        var wider = Dense with { HiddenLayers = [20] };

        var error = Assert.Throws<IncompatibleCheckpointException>(() => AutoencoderTrainer.Train(Data, wider, Options,
            checkpoints: new TrainingCheckpoints { Save = _ => { }, ResumeFrom = saved[0] }));
        Assert.Contains("does not fit", error.Message);
        Assert.Throws<IncompatibleCheckpointException>(() => AutoencoderTrainer.Train(Data, Dense, Options,
            checkpoints: new TrainingCheckpoints { Save = _ => { }, ResumeFrom = new TrainingCheckpoint(1, [1, 2, 3]) }));
    }

    private static (AutoencoderSpec Spec, TrainingOptions Options) Case(string kind) => kind switch
    {
        "dense-adam" => (Dense, Options),
        "dense-sgd-nesterov" => (Dense, Options with { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, Nesterov = true }),
        "vae" => (new VaeSpec { Backbone = Dense }, Options),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static void AssertSameRun(TrainingResult expected, TrainingResult actual)
    {
        try
        {
            Assert.Equal(expected.History, actual.History);
            Assert.Equal(expected.BestEpoch, actual.BestEpoch);
            Assert.Equal(ModelInference.Latent(expected.Model, Data).Values, ModelInference.Latent(actual.Model, Data).Values);
        }
        finally
        {
            expected.Model.Dispose();
            actual.Model.Dispose();
        }
    }
}
