using WebClustering.Core.Models;
using WebClustering.Core.Training;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>How to train. Fields left out are chosen by the service; the options after the first seven are off (or PyTorch's default) when absent.</summary>
/// <param name="Epochs">Passes over the data.</param>
/// <param name="BatchSize">Rows per minibatch; minibatches are shuffled by the seed.</param>
/// <param name="LearningRate">Optimiser step size.</param>
/// <param name="Optimizer">adam, sgd or adamw.</param>
/// <param name="Seed">Seeds the initial weights, the batch order and the clustering.</param>
/// <param name="Preprocessing">standardize (z-score per feature), minmax (each feature to [0, 1]), range (every feature by the dataset's one range to [0, 1], for pixels) or none.</param>
/// <param name="MissingValues">
/// Gaps a CSV table was uploaded with (missingValues keep): refuse (the job is a 400 naming the first empty cell), or
/// fill each with its column's mean or median (a categorical gap with the most frequent category). The fill values are
/// saved with the model and fill gaps of rows encoded later. Tables whose gaps the upload filled keep the upload's values.
/// </param>
public sealed record TrainingConfig(int? Epochs = null, int? BatchSize = null, double? LearningRate = null, string? Optimizer = null,
    int? Seed = null, string? Preprocessing = null, string? MissingValues = null)
{
    /// <summary>sgd: momentum in [0, 1) (default 0.9).</summary>
    public double? Momentum { get; init; }

    /// <summary>sgd: Nesterov momentum.</summary>
    public bool Nesterov { get; init; }

    /// <summary>L2 penalty (sgd, adam) or decoupled weight decay (adamw; default 0.01 there, 0 otherwise).</summary>
    public double? WeightDecay { get; init; }

    /// <summary>mse (default) or bce (needs model.outputActivation sigmoid and data in [0, 1], e.g. minmax preprocessing).</summary>
    public ReconstructionLoss? Loss { get; init; }

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

    /// <summary>
    /// Fine-tuning: the id of a registered model to start from. The dataset must have the model's feature layout; the
    /// model fields default to the parent's (any sent must equal them), and its fitted preprocessing (fill values and
    /// scaler) is reused, not refitted, so parent and child encode a row to comparable latents.
    /// </summary>
    public Guid? InitFrom { get; init; }

    /// <summary>Save a checkpoint every this many epochs (0: only on shutdown and when training ends); the service's CheckpointEvery when absent.</summary>
    public int? CheckpointEvery { get; init; }
}
