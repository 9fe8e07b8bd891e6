using TorchSharp;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

internal static class Optimizers
{
    public static optim.Optimizer Create(IEnumerable<TorchSharp.Modules.Parameter> parameters, TrainingOptions options) => options.Optimizer switch
    {
        OptimizerKind.Adam => new FusedAdam(parameters, options.LearningRate, options.EffectiveWeightDecay),
        OptimizerKind.AdamW => new FusedAdamW(parameters, options.LearningRate, options.EffectiveWeightDecay),
        OptimizerKind.Sgd => optim.SGD(parameters, options.LearningRate, momentum: options.Momentum,
            weight_decay: options.EffectiveWeightDecay, nesterov: options.Nesterov),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, null),
    };

    public static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }
}
