using System.Text.Json.Serialization;
using TorchSharp;
using WebClustering.Core.Rows;
using static TorchSharp.torch;

namespace WebClustering.Core.Models;

/// <summary>How reconstructions are compared with their targets.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReconstructionLoss>))]
public enum ReconstructionLoss
{
    /// <summary>Mean squared error.</summary>
    [JsonStringEnumMemberName("mse")] Mse,

    /// <summary>Binary cross-entropy: targets must lie in [0, 1] and the model's output activation must be sigmoid.</summary>
    [JsonStringEnumMemberName("bce")] Bce,
}

/// <summary>How per-element losses become one number.</summary>
public enum LossReduction
{
    /// <summary>Mean over every element of the batch: the autoencoders' loss, comparable across input widths.</summary>
    MeanOverElements,

    /// <summary>Sum over an item's elements, mean over the batch: the VAE's, so that it adds up with the KL term the same way.</summary>
    SumPerItemMeanOverBatch,
}

public static class Losses
{
    public static Tensor ApplyOutput(OutputActivation output, Tensor logits) =>
        output == OutputActivation.Sigmoid ? logits.sigmoid() : logits;

    /// <summary>
    /// The reconstruction loss from the decoder's pre-activation output. BCE uses the logits directly
    /// (binary_cross_entropy_with_logits), which stays finite and keeps its gradient where a saturated sigmoid would not.
    /// </summary>
    public static Tensor Reconstruction(Tensor logits, Tensor targets, ReconstructionLoss loss, OutputActivation output, LossReduction reduction)
    {
        using var scope = NewDisposeScope();
        var perElement = loss switch
        {
            ReconstructionLoss.Mse => (ApplyOutput(output, logits) - targets).square(),
            ReconstructionLoss.Bce when output == OutputActivation.Sigmoid =>
                nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction: nn.Reduction.None),
            ReconstructionLoss.Bce => throw new ArgumentException(BceNeedsSigmoid),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, null),
        };
        var reduced = reduction == LossReduction.MeanOverElements ? perElement.mean() : perElement.flatten(1).sum(1).mean();
        return reduced.MoveToOuterDisposeScope();
    }

    public const string BceNeedsSigmoid =
        "The bce loss compares probabilities: set the model's outputActivation to sigmoid so reconstructions lie in [0, 1].";

    /// <summary>Refuses targets outside [0, 1] for BCE, naming the first offending value and what to do about it.</summary>
    /// <summary>Refuses targets outside [0, 1] for BCE in one pass over the rows, naming the first offending value.</summary>
    public static void CheckTargets(RowSource data, ReconstructionLoss loss)
    {
        if (loss != ReconstructionLoss.Bce) return;
        data.ForEachRange(16_384, (values, first, _) =>
        {
            var span = values.Span;
            for (int i = 0; i < span.Length; i++)
            {
                if (span[i] is >= 0f and <= 1f) continue;
                throw new ArgumentException(
                    $"The bce loss needs every input value in [0, 1], but row {first + i / data.Cols}, column {i % data.Cols} is {span[i]}. " +
                    "Use min-max scaling (preprocessing minmax) or the mse loss.");
            }
        });
    }
}
