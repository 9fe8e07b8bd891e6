using System.Text.Json.Serialization;
using WebClustering.Core.Models;

namespace WebClustering.Core.Training;

[JsonConverter(typeof(JsonStringEnumConverter<OptimizerKind>))]
public enum OptimizerKind
{
    [JsonStringEnumMemberName("adam")] Adam,
    [JsonStringEnumMemberName("sgd")] Sgd,
    [JsonStringEnumMemberName("adamw")] AdamW,
}

/// <summary>
/// How to train. The positional parameters are the common ones; the rest are init-only with defaults that reproduce
/// a plain MSE run (Adam, SGD with momentum 0.9, no schedule, no clipping, no validation, no noise).
/// </summary>
public sealed record TrainingOptions(
    int Epochs = 50,
    int BatchSize = 256,
    double LearningRate = 1e-3,
    OptimizerKind Optimizer = OptimizerKind.Adam,
    int Seed = 0)
{
    /// <summary>SGD's momentum (0 for plain SGD).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>SGD's Nesterov look-ahead: the step uses gradient + momentum · velocity. Needs momentum above 0.</summary>
    public bool Nesterov { get; init; }

    /// <summary>
    /// L2 penalty added to the gradient (sgd, adam) or decoupled decay w ← w - lr · decay · w (adamw). Null: 0.01
    /// for adamw (PyTorch's default), 0 otherwise. Applies to every parameter, biases and PReLU alphas included.
    /// </summary>
    public double? WeightDecay { get; init; }

    public ReconstructionLoss Loss { get; init; } = ReconstructionLoss.Mse;

    /// <summary>Learning rate per epoch; null keeps <see cref="LearningRate"/> throughout.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Rescales the whole gradient so its L2 norm is at most this before every step; null: no clipping.</summary>
    public double? MaxGradNorm { get; init; }

    /// <summary>Share of rows (picked by the seed) held out to measure the validation loss after every epoch.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Stops when the validation loss has not improved for a while; needs <see cref="ValidationFraction"/> above 0.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Denoising: corrupt the inputs with this noise while the targets stay clean. Works with every kind.</summary>
    public InputNoise? Noise { get; init; }

    public double EffectiveWeightDecay => WeightDecay ?? (Optimizer == OptimizerKind.AdamW ? 0.01 : 0);

    /// <summary>Every problem with these options, each naming its field.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Add(string field, string message) => problems.Add($"{field}: {message}");
        if (Epochs < 1) Add("epochs", $"must be at least 1 (got {Epochs}).");
        if (BatchSize < 1) Add("batchSize", $"must be at least 1 (got {BatchSize}).");
        if (!(double.IsFinite(LearningRate) && LearningRate > 0)) Add("learningRate", $"must be a finite number above 0 (got {LearningRate}).");
        if (!(Momentum is >= 0 and < 1)) Add("momentum", $"must be in [0, 1) (got {Momentum}).");
        if (Nesterov && (Optimizer != OptimizerKind.Sgd || Momentum <= 0))
            Add("nesterov", "needs the sgd optimizer with a momentum above 0: the look-ahead is taken along the momentum.");
        if (WeightDecay is { } decay && !(double.IsFinite(decay) && decay >= 0)) Add("weightDecay", $"must be a finite number of at least 0 (got {decay}).");
        if (MaxGradNorm is { } norm && !(double.IsFinite(norm) && norm > 0)) Add("maxGradNorm", $"must be a finite number above 0 (got {norm}).");
        if (!(ValidationFraction is >= 0 and < 1)) Add("validationFraction", $"must be in [0, 1) (got {ValidationFraction}).");
        Schedule?.CollectProblems(LearningRate, Add);
        if (EarlyStopping is not null)
        {
            if (ValidationFraction <= 0) Add("earlyStopping", "needs a validationFraction above 0: it watches the validation loss.");
            EarlyStopping.CollectProblems(Add);
        }
        Noise?.CollectProblems(Add);
        return problems;
    }

    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new ArgumentException($"Invalid training options: {string.Join(" ", problems)}");
    }
}

/// <summary>Reported after every batch; callers throttle what they do with it.</summary>
/// <param name="BatchRows">Rows in the batch just trained (for throughput).</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Batch, int BatchesPerEpoch, double BatchLoss, double? EpochLoss, int BatchRows = 0)
{
    /// <summary>Fraction of all batches done, from 0 to 1 (early stopping may end a run before 1).</summary>
    public double Fraction => ((Epoch - 1) * (double)BatchesPerEpoch + Batch) / (Epochs * (double)BatchesPerEpoch);
}
