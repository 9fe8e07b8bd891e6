using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

/// <summary>The settings of one parameter group.</summary>
/// <param name="L2">Adam's weight decay: added to the gradient (an L2 penalty).</param>
/// <param name="Decoupled">AdamW's weight decay: the parameter shrinks by lr * decay before the update.</param>
internal readonly record struct AdamSettings(double Lr, double Beta1, double Beta2, double Eps, double L2, double Decoupled)
{
    /// <summary>The update's constants at a step (counted from 1), worked out as PyTorch does.</summary>
    public AdamStep At(long step) => new(
        (float)Beta1, (float)Beta2, (float)Eps,
        StepSize: (float)(Lr / (1 - Math.Pow(Beta1, step))),
        SqrtBiasCorrection2: (float)Math.Sqrt(1 - Math.Pow(Beta2, step)),
        WeightDecay: (float)L2,
        DecayFactor: (float)(1 - Lr * Decoupled));
}

/// <summary>The constants of one Adam update of one parameter.</summary>
internal readonly record struct AdamStep(float Beta1, float Beta2, float Eps, float StepSize, float SqrtBiasCorrection2,
    float WeightDecay, float DecayFactor);

/// <summary>
/// Adam's update of one parameter in a single pass over its memory. TorchSharp's Adam runs eight tensor operations
/// per parameter (two temporaries among them), which read and write each of the parameter, gradient and moments
/// several times: on the dense 784-500-500-2000-10 autoencoder that is about 23 ms a step on two cores, against
/// about 3.5 ms for this pass (it is memory-bound, so one pass is what counts). The arithmetic is PyTorch's:
/// m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g², p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// </summary>
internal static unsafe partial class AdamKernel
{
    private const long Chunk = 1 << 15;

    /// <summary>Updates every parameter that has a gradient.</summary>
    /// <param name="advance">Counts the step in the parameter's state and returns the step and its two moments.</param>
    public static void StepAll(IEnumerable<TorchSharp.Modules.Parameter> parameters, AdamSettings settings,
        Func<IntPtr, (long Step, Tensor ExpAvg, Tensor ExpAvgSq)> advance)
    {
        foreach (var param in parameters)
        {
            if (param.grad is not { } grad) continue;
            var (step, expAvg, expAvgSq) = advance(param.Handle);
            var s = settings.At(step);
            if (!TryUpdate(param, grad, expAvg, expAvgSq, s)) UpdateWithTensors(param, grad, expAvg, expAvgSq, s);
        }
    }

    /// <summary>False when the tensors are not contiguous float32 CPU tensors; the caller then uses tensor operations.</summary>
    public static bool TryUpdate(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamStep s)
    {
        if (!Suits(param) || !Suits(grad) || !Suits(expAvg) || !Suits(expAvgSq)) return false;
        float* p = Data(param), g = Data(grad), m = Data(expAvg), v = Data(expAvgSq);
        long n = param.numel();
        long chunks = (n + Chunk - 1) / Chunk;
        if (chunks == 1) Update(p, g, m, v, 0, n, s);
        else
        {
            // Each chunk touches its own elements only, so the result does not depend on the thread count.
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, get_num_threads()) };
            Parallel.For(0L, chunks, parallel, c => Update(p, g, m, v, c * Chunk, Math.Min(n, (c + 1) * Chunk), s));
        }
        return true;
    }

    /// <summary>The same update as tensor operations, for tensors the single pass cannot take.</summary>
    public static void UpdateWithTensors(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamStep s)
    {
        using var scope = NewDisposeScope();
        if (s.DecayFactor != 1) param.mul_(s.DecayFactor);
        if (s.WeightDecay != 0) grad = grad.add(param, alpha: s.WeightDecay);
        expAvg.mul_(s.Beta1).add_(grad, alpha: 1 - s.Beta1);
        expAvgSq.mul_(s.Beta2).addcmul_(grad, grad, value: 1 - s.Beta2);
        var denom = (expAvgSq.sqrt() / s.SqrtBiasCorrection2).add_(s.Eps);
        param.addcdiv_(expAvg, denom, value: -s.StepSize);
    }

    private static bool Suits(Tensor t) => t.dtype == ScalarType.Float32 && t.device_type == TorchSharp.DeviceType.CPU && t.is_contiguous();

    private static float* Data(Tensor t) => (float*)THSTensor_data(t.Handle);

    // TorchSharp's own entry point for a tensor's storage (what Tensor.data<T>() reads through); it keeps the pointer private.
    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSTensor_data(IntPtr handle);

    private static void Update(float* p, float* g, float* m, float* v, long start, long end, AdamStep s)
    {
        var b1 = Vector256.Create(s.Beta1);
        var b1c = Vector256.Create(1 - s.Beta1);
        var b2 = Vector256.Create(s.Beta2);
        var b2c = Vector256.Create(1 - s.Beta2);
        var eps = Vector256.Create(s.Eps);
        var stepSize = Vector256.Create(s.StepSize);
        var sqrtBc2 = Vector256.Create(s.SqrtBiasCorrection2);
        var decay = Vector256.Create(s.WeightDecay);
        var shrink = Vector256.Create(s.DecayFactor);
        long i = start;
        for (; i + Vector256<float>.Count <= end; i += Vector256<float>.Count)
        {
            var param = Vector256.Load(p + i) * shrink;
            var grad = Vector256.Load(g + i) + decay * param;
            var mean = Vector256.Load(m + i) * b1 + grad * b1c;
            var square = Vector256.Load(v + i) * b2 + grad * grad * b2c;
            mean.Store(m + i);
            square.Store(v + i);
            (param - stepSize * mean / (Vector256.Sqrt(square) / sqrtBc2 + eps)).Store(p + i);
        }
        for (; i < end; i++)
        {
            float param = p[i] * s.DecayFactor;
            float grad = g[i] + s.WeightDecay * param;
            m[i] = m[i] * s.Beta1 + grad * (1 - s.Beta1);
            v[i] = v[i] * s.Beta2 + grad * grad * (1 - s.Beta2);
            p[i] = param - s.StepSize * m[i] / (MathF.Sqrt(v[i]) / s.SqrtBiasCorrection2 + s.Eps);
        }
    }
}
