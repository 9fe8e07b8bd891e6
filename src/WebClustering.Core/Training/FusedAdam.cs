using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

/// <summary>
/// TorchSharp's Adam with each parameter's update done by <see cref="AdamKernel"/> in one pass. The state (step count
/// and moments) is TorchSharp's own, so checkpoints save and load it unchanged. Betas are PyTorch's defaults
/// (0.9, 0.999); TorchSharp's <c>optim.Adam</c> factory defaults beta2 to 0.99.
/// </summary>
internal sealed class FusedAdam(IEnumerable<Parameter> parameters, double lr, double weightDecay)
    : Adam(parameters, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = (Options)group.Options;
        AdamKernel.StepAll(group.Parameters, new(o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, L2: o.weight_decay!.Value, Decoupled: 0),
            handle => Advance((State)_state[handle]));
    }, closure);

    private static (long, Tensor, Tensor) Advance(State s) => (++s.step, s.exp_avg, s.exp_avg_sq);
}

/// <summary>TorchSharp's AdamW (decoupled weight decay) with the one-pass update of <see cref="FusedAdam"/>.</summary>
internal sealed class FusedAdamW(IEnumerable<Parameter> parameters, double lr, double weightDecay)
    : AdamW(parameters, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = (Options)group.Options;
        AdamKernel.StepAll(group.Parameters, new(o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, L2: 0, Decoupled: o.weight_decay!.Value),
            handle => Advance((State)_state[handle]));
    }, closure);

    private static (long, Tensor, Tensor) Advance(State s) => (++s.step, s.exp_avg, s.exp_avg_sq);
}
