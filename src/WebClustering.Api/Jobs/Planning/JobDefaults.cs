using WebClustering.Core.Models;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// The fixed values a plan falls back to where no rule of the automatic recipe applies, and that configurations
/// stored before plans recorded every field were run with.
/// </summary>
public static class JobDefaults
{
    public const string Kind = JobNames.Dense;
    public static readonly int[] HiddenLayers = [128, 64];
    public const int LatentDim = 10;
    public const string Activation = "relu";

    /// <summary>What plans stored before <c>model.init</c> was planned ran with; new plans record the activation's default (Recipe.InitFor).</summary>
    public const WeightInit StoredInit = WeightInit.XavierUniform;
    public static readonly ConvBlock[] ConvEncoder = [new(16, Kernel: 3, Pool: 2), new(32, Kernel: 3, Pool: 2)];
    public const Upsampling ConvUpsampling = Upsampling.Nearest;
    public const double Beta = 1.0;
    public const RecurrentCell Cell = RecurrentCell.Lstm;
    public const int HiddenSize = 32;
    public const int Layers = 1;

    public const int Epochs = 50;
    public const int BatchSize = 256;
    public const double LearningRate = 1e-3;
    public const string Optimizer = "adam";
    public const int Seed = 0;
    public const string Preprocessing = "standardize";
    public const string MissingValues = "refuse";

    public const string Algorithm = "kmeans";
    public const int K = 10;
    public const int NInit = 10;
}
