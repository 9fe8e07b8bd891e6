using TorchSharp;
using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

/// <param name="Patience">Epochs without improvement after which training stops.</param>
/// <param name="MinDelta">How much lower than the best so far a validation loss must be to count as an improvement.</param>
/// <param name="RestoreBestWeights">Return the weights of the best epoch rather than those of the last.</param>
public sealed record EarlyStopping(int Patience = 10, double MinDelta = 0, bool RestoreBestWeights = true)
{
    internal void CollectProblems(Action<string, string> add)
    {
        if (Patience < 1) add("earlyStopping.patience", $"must be at least 1 (got {Patience}).");
        if (!(double.IsFinite(MinDelta) && MinDelta >= 0)) add("earlyStopping.minDelta", $"must be a finite number of at least 0 (got {MinDelta}).");
    }
}

/// <summary>Tracks the best validation loss of a run and, when asked to, keeps a copy of that epoch's weights.</summary>
internal sealed class EarlyStopper(EarlyStopping options) : IDisposable
{
    private Dictionary<string, Tensor>? best;
    private double bestLoss = double.PositiveInfinity;

    public int BestEpoch { get; private set; }

    /// <summary>The best validation loss so far (infinity before the first epoch).</summary>
    public double BestLoss => bestLoss;

    /// <summary>The best epoch's weights, when kept; owned by this stopper.</summary>
    public IReadOnlyDictionary<string, Tensor>? BestWeights => best;

    /// <summary>Puts back the state a checkpoint saved; <paramref name="weights"/> become this stopper's.</summary>
    public void Restore(double loss, int epoch, Dictionary<string, Tensor>? weights)
    {
        Dispose();
        bestLoss = loss;
        BestEpoch = epoch;
        best = weights;
    }

    /// <summary>Records an epoch's validation loss; true when training should stop.</summary>
    public bool ShouldStop(int epoch, double validationLoss, Autoencoder model)
    {
        if (validationLoss < bestLoss - options.MinDelta)
        {
            bestLoss = validationLoss;
            BestEpoch = epoch;
            if (options.RestoreBestWeights) Snapshot(model);
            return false;
        }
        return epoch - BestEpoch >= options.Patience;
    }

    /// <summary>Loads the best epoch's weights back; returns that epoch, or null when nothing was kept.</summary>
    public int? RestoreBest(Autoencoder model)
    {
        if (best is null) return null;
        model.load_state_dict(best);
        return BestEpoch;
    }

    // Copies, not references: the optimiser keeps updating the live parameters in place.
    private void Snapshot(Autoencoder model)
    {
        Dispose();
        using var _ = no_grad();
        best = model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());
    }

    public void Dispose()
    {
        if (best is null) return;
        foreach (var tensor in best.Values) tensor.Dispose();
        best = null;
    }
}
