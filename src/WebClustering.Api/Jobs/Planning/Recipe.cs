using System.Numerics;
using WebClustering.Core.Models;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>A value the service proposes for a field the request left out, with the reason it gives.</summary>
public readonly record struct Proposal<T>(T Value, string Reason);

/// <summary>The values the planner proposes for one job's dataset.</summary>
public sealed record Recipe
{
    private const string Default = "the service's default";

    public Proposal<string> Kind { get; init; } = new(JobDefaults.Kind, Default);
    public Proposal<int[]> HiddenLayers { get; init; } = new(JobDefaults.HiddenLayers, Default);
    public Proposal<int> LatentDim { get; init; } = new(JobDefaults.LatentDim, Default);
    public Proposal<ActivationConfig> Activation { get; init; } = new(JobDefaults.Activation, Default);
    public Proposal<ConvBlock[]> ConvEncoder { get; init; } = new(JobDefaults.ConvEncoder, Default);
    public Proposal<Upsampling> Upsampling { get; init; } = new(JobDefaults.ConvUpsampling, Default);
    public Proposal<string> Backbone { get; init; } = new(JobNames.Dense, "a dense backbone takes any dataset's items flattened");
    public Proposal<double> Beta { get; init; } = new(JobDefaults.Beta, "the plain VAE");
    public Proposal<RecurrentCell> Cell { get; init; } = new(JobDefaults.Cell, Default);
    public Proposal<int> HiddenSize { get; init; } = new(JobDefaults.HiddenSize, Default);
    public Proposal<int> Layers { get; init; } = new(JobDefaults.Layers, Default);
    public Proposal<OutputActivation>? OutputActivation { get; init; }

    public Proposal<int> Epochs { get; init; } = new(JobDefaults.Epochs, Default);
    public Proposal<int> BatchSize { get; init; } = new(JobDefaults.BatchSize, Default);
    public Proposal<double> LearningRate { get; init; } = new(JobDefaults.LearningRate, Default);
    public Proposal<string> Optimizer { get; init; } = new(JobDefaults.Optimizer, Default);
    public Proposal<int> Seed { get; init; } = new(JobDefaults.Seed, "jobs are reproducible: the same seed gives the same result");
    public Proposal<string> Preprocessing { get; init; } = new(JobDefaults.Preprocessing, Default);
    public Proposal<string> MissingValues { get; init; } = new(JobDefaults.MissingValues, "gaps are never filled unless asked for");
    public Proposal<ReconstructionLoss> Loss { get; init; } = new(ReconstructionLoss.Mse, Default);

    public Proposal<string> Algorithm { get; init; } = new(JobDefaults.Algorithm, Default);
    public Proposal<int> K { get; init; } = new(JobDefaults.K, Default);
    public Proposal<int> NInit { get; init; } = new(JobDefaults.NInit, Default);

    /// <summary>k tried when the request gives neither k nor kRange.</summary>
    public static readonly KRangeConfig AutomaticK = new(2, 12);

    /// <summary>Above this many rows the manifold step (UMAP) is left out and mini-batch k-means clusters the latent space.</summary>
    public const int ManifoldMaxRows = 1_000_000;

    /// <summary>Below this many rows UMAP's 20-neighbour graph spans too much of the data to show a manifold: k-means clusters the latent space.</summary>
    public const int ManifoldMinRows = 500;

    public Proposal<string?> Preset { get; init; } = new(null, Default);
    public Proposal<KRangeConfig?> KRange { get; init; } = new(null, Default);

    /// <summary>
    /// The automatic recipe (README: "What a job chooses by itself"): N2D's recipe, an autoencoder whose latent has
    /// as many dimensions as there are clusters, then UMAP and a Gaussian mixture, sized to the dataset.
    /// </summary>
    public static Recipe For(CreateJobRequest request, DatasetRecord? dataset, DatasetProfile? profile)
    {
        var recipe = new Recipe();
        if (dataset is null) return recipe;
        int rows = dataset.RowCount, cols = dataset.ItemSize;
        bool images = dataset.Kind == "images";
        bool shared = images || profile?.SharesOneScale == true;
        string span = profile is null ? "" : $" (the median column spans {profile.TypicalSpanShare:P0} of the whole range)";
        int? k = request.Clustering?.K;
        bool manifold = rows is >= ManifoldMinRows and <= ManifoldMaxRows;

        recipe = recipe with
        {
            Kind = new(JobNames.Dense, dataset.Kind switch
            {
                "images" => "a dense autoencoder on the flattened images: N2D's and DEC's choice, and in this service's benchmarks it clusters images better than the conv one",
                "sequences" => "a dense autoencoder on the flattened sequences: every sequence has the same steps, and it trains far faster than a recurrent one",
                _ => "a dense autoencoder suits a table",
            }),
            Preprocessing = images ? new("range", "the items are images: every pixel is scaled by the one range of all pixels, keeping their contrast")
                : shared ? new("range", $"the columns share one scale{span}: they are scaled as a whole to [0, 1], keeping their relative spread")
                : new("standardize", $"the columns have different scales{span}: each is standardised"),
            HiddenLayers = cols >= 64 && dataset.Kind != "sequences"
                ? new([500, 500, 2000], "DEC's and N2D's encoder (500-500-2000) for items of 64 values or more")
                : new([Width(cols), Width(cols)], $"two layers of {Width(cols)} units for {cols} values an item (8 per value, 32 to 256)"),
            LatentDim = new(LatentFor(k, cols), k is null
                ? "10 dimensions (fewer on narrower items) while k is chosen automatically"
                : "as many dimensions as clusters (N2D), and at least 10 (fewer on narrower items): a latent of 2 or 3 dimensions loses what UMAP needs"),
            Epochs = new(EpochsFor(rows), $"13,250/sqrt(rows) epochs, from 10 to 500: {EpochsFor(rows)} for {rows} rows, so small datasets get enough steps and large ones stay affordable"),
            BatchSize = new(BatchSizeFor(rows), rows >= 10_240 ? "256 rows a batch" : "about rows/40 a batch (a power of two from 16 to 256), for enough steps an epoch"),
            Algorithm = manifold
                ? new("manifold", "N2D: UMAP of the latent space, then a Gaussian mixture, clusters better than k-means on the latent vectors")
                : rows < ManifoldMinRows
                    ? new("kmeans", $"fewer than {ManifoldMinRows} rows: too few for UMAP's 20-neighbour graph to show a manifold, so k-means on the latent vectors")
                    : new("minibatch_kmeans", $"more than {ManifoldMaxRows:N0} rows: mini-batch k-means (the manifold step is left out at this size)"),
            Preset = manifold ? new(JobNames.N2D, "the manifold step with N2D's settings (20 neighbours, min_dist 0, 10 mixture starts)") : new(null, Default),
            KRange = k is null ? new(AutomaticK, $"k not given: every k from {AutomaticK.Min} to {AutomaticK.Max} is tried and the one with the highest silhouette kept") : new(null, Default),
        };
        if (dataset.Kind == "images") recipe = recipe with { Backbone = new(JobNames.Conv, "the dataset's items are images") };
        // The bce loss reads targets and outputs as probabilities: both must lie in [0, 1].
        if (request.Training?.Loss == ReconstructionLoss.Bce)
            recipe = recipe with
            {
                Preprocessing = shared ? new("range", "the bce loss needs targets in [0, 1]; the columns share one scale")
                    : new("minmax", "the bce loss needs targets in [0, 1]: each column is scaled to it"),
                OutputActivation = new(Core.Models.OutputActivation.Sigmoid, "the bce loss reads the outputs as probabilities"),
            };
        return request.Model is { } sent ? RecipeNarrowing.ToFieldsSent(recipe, sent, dataset.Kind) : recipe;
    }

    /// <summary>The initialisation of a model whose kind and activation are planned: it follows the activation (<see cref="Initializers.DefaultFor"/>).</summary>
    public static Proposal<WeightInit> InitFor(ModelConfig model)
    {
        if (model.Kind == JobNames.Sequence)
            return new(WeightInit.XavierUniform, "the recurrent cells gate through sigmoid and tanh: Glorot initialisation (xavier_uniform)");
        var activation = model.Activation?.Kind;
        var init = Initializers.DefaultFor(activation);
        string name = model.Activation?.Name ?? "the activation";
        return new(init, init == WeightInit.KaimingUniform
            ? $"{name} is a rectifier: He initialisation (kaiming_uniform, bound sqrt(6 / fan_in)) keeps the signal's variance through layers that pass only part of it"
            : $"{name} is close to linear around 0: Glorot initialisation (xavier_uniform, bound sqrt(6 / (fan_in + fan_out)))");
    }

    public static int LatentFor(int? k, int cols) => Math.Max(k ?? 0, Math.Max(2, Math.Min(10, cols)));

    private static int Width(int cols) => Math.Clamp((int)BitOperations.RoundUpToPowerOf2((uint)(8 * cols)), 32, 256);

    public static int EpochsFor(int rows) => Math.Clamp((int)Math.Round(13_250 / Math.Sqrt(Math.Max(rows, 1))), 10, 500);

    public static int BatchSizeFor(int rows) => rows >= 10_240 ? 256 : Math.Clamp((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(rows / 40, 1)) , 16, 256);
}
