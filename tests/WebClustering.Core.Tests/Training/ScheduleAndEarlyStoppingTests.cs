using WebClustering.Core.Inference;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.Training;

public class ScheduleAndEarlyStoppingTests
{
    private static readonly Matrix Data = TestData.Blobs(20, 3, 12).Data;

    [Fact]
    public void A_step_schedule_multiplies_the_rate_by_gamma_every_step_size_epochs()
    {
        var schedule = new LearningRateSchedule(ScheduleKind.Step, StepSize: 2, Gamma: 0.5);

        var result = AutoencoderTrainer.Train(Data, ModelTestData.Dense(12), new TrainingOptions(Epochs: 5, LearningRate: 0.1) { Schedule = schedule });

        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025], result.History.Select(epoch => Math.Round(epoch.LearningRate, 10)));
    }

    [Fact]
    public void A_cosine_schedule_anneals_from_the_base_rate_towards_the_minimum()
    {
        var schedule = new LearningRateSchedule(ScheduleKind.Cosine, MinLearningRate: 0.01);

        var rates = Enumerable.Range(1, 4).Select(epoch => schedule.RateAt(0.1, epoch, 4)).ToArray();

        Assert.Equal(0.1, rates[0], 10);
        Assert.Equal(0.01 + 0.09 * (1 + Math.Cos(Math.PI / 4)) / 2, rates[1], 10);
        Assert.Equal(0.055, rates[2], 10);
        Assert.True(rates[3] < rates[2] && rates[3] > 0.01);
    }

    [Fact]
    public void The_rate_a_schedule_gives_is_the_rate_training_uses()
    {
        // gamma 0 after the first epoch: a rate of zero must leave the weights exactly as epoch 1 left them.
        var frozen = new TrainingOptions(Epochs: 4, BatchSize: 16, LearningRate: 0.01, Seed: 3)
        {
            Schedule = new LearningRateSchedule(ScheduleKind.Step, StepSize: 1, Gamma: 0),
        };

        var afterFour = AutoencoderTrainer.Train(Data, ModelTestData.Dense(12), frozen).Model;
        var afterOne = AutoencoderTrainer.Train(Data, ModelTestData.Dense(12), frozen with { Epochs = 1 }).Model;
        var unscheduled = AutoencoderTrainer.Train(Data, ModelTestData.Dense(12), frozen with { Schedule = null }).Model;

        Assert.Equal(ModelInference.Latent(afterOne, Data).Values, ModelInference.Latent(afterFour, Data).Values);
        Assert.NotEqual(ModelInference.Latent(afterOne, Data).Values, ModelInference.Latent(unscheduled, Data).Values);
    }

    [Fact]
    public void Every_epoch_reports_its_training_and_validation_loss()
    {
        var result = AutoencoderTrainer.Train(Data, ModelTestData.Dense(12), new TrainingOptions(Epochs: 6, BatchSize: 8, LearningRate: 0.01) { ValidationFraction = 0.25 });

        Assert.Equal([1, 2, 3, 4, 5, 6], result.History.Select(epoch => epoch.Epoch));
        Assert.All(result.ValidationLosses, loss => Assert.True(loss > 0));
        Assert.True(result.ValidationLosses[^1] < result.ValidationLosses[0], "the validation loss fell as the model learned");
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_improvement_and_restores_the_best_weights()
    {
        // A minDelta no loss can beat makes epoch 1 the best forever, so the outcome is known exactly.
        var options = new TrainingOptions(Epochs: 20, BatchSize: 8, LearningRate: 0.01, Seed: 4)
        {
            ValidationFraction = 0.25,
            EarlyStopping = new EarlyStopping(Patience: 2, MinDelta: 1e9),
        };

        var stopped = AutoencoderTrainer.Train(Data, ModelTestData.Dense(12), options);
        var oneEpoch = AutoencoderTrainer.Train(Data, ModelTestData.Dense(12), options with { Epochs = 1, EarlyStopping = null });

        Assert.Equal(3, stopped.History.Count);
        Assert.Equal(1, stopped.BestEpoch);
        Assert.Equal(ModelInference.Latent(oneEpoch.Model, Data).Values, ModelInference.Latent(stopped.Model, Data).Values);
    }

    [Fact]
    public void Without_restoring_early_stopping_keeps_the_last_weights()
    {
        var options = new TrainingOptions(Epochs: 20, BatchSize: 8, LearningRate: 0.01, Seed: 4)
        {
            ValidationFraction = 0.25,
            EarlyStopping = new EarlyStopping(Patience: 2, MinDelta: 1e9, RestoreBestWeights: false),
        };

        var stopped = AutoencoderTrainer.Train(Data, ModelTestData.Dense(12), options);
        var threeEpochs = AutoencoderTrainer.Train(Data, ModelTestData.Dense(12), options with { Epochs = 3, EarlyStopping = null });

        Assert.Equal(3, stopped.BestEpoch);
        Assert.Equal(ModelInference.Latent(threeEpochs.Model, Data).Values, ModelInference.Latent(stopped.Model, Data).Values);
    }

    [Fact]
    public void Early_stopping_lets_an_improving_run_finish()
    {
        var options = new TrainingOptions(Epochs: 8, BatchSize: 8, LearningRate: 0.01)
        {
            ValidationFraction = 0.25,
            EarlyStopping = new EarlyStopping(Patience: 3),
        };

        Assert.Equal(8, AutoencoderTrainer.Train(Data, ModelTestData.Dense(12), options).History.Count);
    }
}
