using WebClustering.Core.Models;
using WebClustering.Core.Training;

namespace WebClustering.Api.Jobs;

/// <summary>Training options beyond the basic ones; every one is optional and off (or PyTorch's default) when absent.</summary>
public sealed partial record TrainingConfig
{
    /// <summary>sgd: momentum in [0, 1) (default 0.9).</summary>
    public double? Momentum { get; init; }

    /// <summary>sgd: Nesterov momentum.</summary>
    public bool Nesterov { get; init; }

    /// <summary>L2 penalty (sgd, adam) or decoupled weight decay (adamw; default 0.01 there, 0 otherwise).</summary>
    public double? WeightDecay { get; init; }

    /// <summary>mse (default) or bce (needs model.outputActivation sigmoid and data in [0, 1], e.g. minmax preprocessing).</summary>
    public ReconstructionLoss Loss { get; init; } = ReconstructionLoss.Mse;

    /// <summary>Learning rate per epoch: {"kind":"step","stepSize":10,"gamma":0.1} or {"kind":"cosine","minLearningRate":0}.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Gradient clipping: the gradient's L2 norm is scaled down to at most this before each step.</summary>
    public double? MaxGradNorm { get; init; }

    /// <summary>Share of rows held out (picked by the seed) to measure a validation loss after every epoch.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Stop when the validation loss has not improved for {"patience": n} epochs; needs validationFraction.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Denoising: {"kind":"gaussian","amount":0.1} (noise sd) or {"kind":"masking","amount":0.2} (share zeroed).</summary>
    public InputNoise? Noise { get; init; }

    /// <summary>Save a checkpoint every this many epochs (0: only on shutdown and when training ends); the service's CheckpointEvery when absent.</summary>
    public int? CheckpointEvery { get; init; }

    /// <summary>
    /// Gaps a CSV table was uploaded with (missingValues keep): refuse (default; the job is a 400 naming the first
    /// empty cell), or fill each with its column's mean or median (a categorical gap with the most frequent category).
    /// The fill values are saved with the model and fill gaps of rows encoded later. Tables whose gaps the upload
    /// filled keep the upload's values.
    /// </summary>
    public string MissingValues { get; init; } = "refuse";

    public static readonly string[] Optimizers = ["adam", "sgd", "adamw"];

    public static readonly string[] MissingValueChoices = ["refuse", "mean", "median"];

    public WebClustering.Core.Preprocessing.MissingValueStrategy MissingValueStrategy => MissingValues switch
    {
        "mean" => WebClustering.Core.Preprocessing.MissingValueStrategy.Mean,
        "median" => WebClustering.Core.Preprocessing.MissingValueStrategy.Median,
        _ => WebClustering.Core.Preprocessing.MissingValueStrategy.Refuse,
    };

    public TrainingOptions ToTrainingOptions() => new(Epochs, BatchSize, LearningRate, Optimizer switch
    {
        "sgd" => OptimizerKind.Sgd,
        "adamw" => OptimizerKind.AdamW,
        _ => OptimizerKind.Adam,
    }, Seed)
    {
        Momentum = Momentum ?? 0.9,
        Nesterov = Nesterov,
        WeightDecay = WeightDecay,
        Loss = Loss,
        Schedule = Schedule,
        MaxGradNorm = MaxGradNorm,
        ValidationFraction = ValidationFraction,
        EarlyStopping = EarlyStopping,
        Noise = Noise,
    };
}
