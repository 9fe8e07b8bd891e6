using TorchSharp.Modules;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Training;

public class OptimizerTests
{
    /// <summary>Runs <paramref name="steps"/> optimiser steps on one weight starting at 1 and returns its values.</summary>
    private static float[] Steps(TrainingOptions options, Func<Tensor, Tensor> loss, int steps)
    {
        using var weight = new Parameter(tensor(new[] { 1f }));
        using var optimizer = Optimizers.Create([weight], options);
        var values = new float[steps];
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            loss(weight).backward();
            optimizer.step();
            values[i] = weight.item<float>();
        }
        return values;
    }

    private static Tensor HalfSquare(Tensor w) => (w * w / 2).sum();

    [Fact]
    public void Nesterov_sgd_steps_along_the_gradient_plus_the_momentum_look_ahead()
    {
        // On w^2 / 2 the gradient is w. Velocity b = 0.9 b + g; Nesterov steps by g + 0.9 b, classic momentum by b.
        var sgd = new TrainingOptions(LearningRate: 0.1, Optimizer: OptimizerKind.Sgd) { Momentum = 0.9 };

        var nesterov = Steps(sgd with { Nesterov = true }, HalfSquare, 2);
        var classic = Steps(sgd, HalfSquare, 2);

        Assert.Equal(1 - 0.1 * (1 + 0.9 * 1), nesterov[0], 5);
        Assert.Equal(0.81 - 0.1 * (0.81 + 0.9 * (0.9 * 1 + 0.81)), nesterov[1], 5);
        Assert.Equal(0.9, classic[0], 5);
        Assert.Equal(0.9 - 0.1 * (0.9 * 1 + 0.9), classic[1], 5);
    }

    [Fact]
    public void Adamw_decays_weights_directly_while_adam_adds_the_decay_to_the_gradient()
    {
        // A zero loss gradient isolates the decay: AdamW shrinks w by lr·decay·w, Adam takes a normalised step of about lr.
        static Tensor Flat(Tensor w) => (w * 0).sum();
        var options = new TrainingOptions(LearningRate: 0.1) { WeightDecay = 0.1 };

        Assert.Equal(1 - 0.1 * 0.1, Steps(options with { Optimizer = OptimizerKind.AdamW }, Flat, 1)[0], 6);
        Assert.Equal(1 - 0.1, Steps(options with { Optimizer = OptimizerKind.Adam }, Flat, 1)[0], 4);
        // Without a weight decay given, adamw uses PyTorch's 0.01.
        Assert.Equal(1 - 0.1 * 0.01, Steps(new TrainingOptions(LearningRate: 0.1, Optimizer: OptimizerKind.AdamW), Flat, 1)[0], 6);
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, false)]
    [InlineData(OptimizerKind.AdamW, false)]
    [InlineData(OptimizerKind.Sgd, false)]
    [InlineData(OptimizerKind.Sgd, true)]
    public void Every_optimizer_lowers_an_autoencoders_loss(OptimizerKind optimizer, bool nesterov)
    {
        var (blobs, _) = TestData.Blobs(30, 3, 12);
        var data = Scaler.Fit(blobs, ScalingKind.Standardize).Apply(blobs);
        var options = new TrainingOptions(Epochs: 8, BatchSize: 16, LearningRate: optimizer == OptimizerKind.Sgd ? 0.02 : 0.005, Optimizer: optimizer)
        {
            Nesterov = nesterov,
            WeightDecay = 1e-4,
        };

        var result = AutoencoderTrainer.Train(data, ModelTestData.Dense(12), options);

        Assert.True(result.EpochLosses[^1] < 0.8 * result.EpochLosses[0], $"{result.EpochLosses[0]} → {result.EpochLosses[^1]}");
    }

    [Fact]
    public void Clipping_bounds_the_size_of_a_step()
    {
        var (data, _) = TestData.Blobs(10, 3, 12);
        var spec = ModelTestData.Dense(12);
        // One full batch, plain SGD at rate 1: the step is exactly the (clipped) gradient.
        var options = new TrainingOptions(Epochs: 1, BatchSize: 30, LearningRate: 1, Optimizer: OptimizerKind.Sgd) { Momentum = 0 };

        double clipped = StepNorm(data, spec, options with { MaxGradNorm = 1e-3 });
        double unclipped = StepNorm(data, spec, options);

        Assert.InRange(clipped, 0.99e-3, 1.0001e-3);
        Assert.True(unclipped > 0.1, $"the unclipped step was only {unclipped}");
    }

    private static double StepNorm(Matrix data, AutoencoderSpec spec, TrainingOptions options)
    {
        using var initial = AutoencoderFactory.Create(spec, options.Seed);
        using var trained = AutoencoderTrainer.Train(data, spec, options).Model;
        return Math.Sqrt(initial.parameters().Zip(trained.parameters())
            .Sum(pair => (pair.Second - pair.First).square().sum().item<float>()));
    }
}
