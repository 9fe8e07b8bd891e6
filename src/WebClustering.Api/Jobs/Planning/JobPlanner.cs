using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// Builds a job's plan once, when the job is posted: every field the request left out is filled from the
/// <see cref="Recipe"/> for the dataset, and recorded with its reason, so that the plan knows what was sent.
/// </summary>
public sealed class JobPlanner(DatasetSamples samples)
{
    /// <summary>The plan of a posted job, to be validated (<see cref="JobConfigurationValidator"/>) before it is stored.</summary>
    /// <param name="parent">Fine-tuning: the model training.initFrom names (<see cref="ParentModel.FindAsync"/>); null otherwise.</param>
    public async Task<JobPlan> PlanAsync(CreateJobRequest request, DatasetRecord? dataset, CancellationToken cancellationToken,
        ParentModel? parent = null)
    {
        // The profile only decides the scaling: a request that names it, or takes its parent's, needs no read of the rows.
        var profile = dataset is null || request.Training?.Preprocessing is not null || parent?.Model is not null
            ? null
            : await DatasetProfile.ReadAsync(samples, dataset, cancellationToken);
        var (configuration, choices) = Resolve(request, dataset, profile, parent);
        // Without a dataset the plan only reports problems: its model is never built (the validator stops at the missing dataset).
        return new JobPlan(configuration, choices, dataset?.Kind ?? "table", dataset?.ItemShape ?? [1]) { Parent = parent };
    }

    /// <param name="dataset">Null when the request names no dataset the tenant has: the plan then only serves to report every problem at once.</param>
    public static (JobConfiguration Configuration, IReadOnlyList<PlanChoice> Choices) Resolve(CreateJobRequest request, DatasetRecord? dataset,
        DatasetProfile? profile = null, ParentModel? parent = null)
    {
        var chosen = new List<PlanChoice>();
        // Fine-tuning: the parent's architecture and fitted preprocessing, unless sent (and then checked against it).
        if (parent?.Configuration is { } inherited)
            request = request with
            {
                Model = parent.FillModel(request.Model, (field, reason) => chosen.Add(new PlanChoice(field, reason))),
                Training = FromParent(request.Training ?? new TrainingConfig(), inherited.Training, parent, chosen),
            };
        var recipe = Recipe.For(request, dataset, profile);
        T Pick<T>(string field, T? sent, Proposal<T> proposal) where T : class
        {
            if (sent is not null) return sent;
            chosen.Add(new PlanChoice(field, proposal.Reason));
            return proposal.Value;
        }
        T PickValue<T>(string field, T? sent, Proposal<T> proposal) where T : struct
        {
            if (sent is { } value) return value;
            chosen.Add(new PlanChoice(field, proposal.Reason));
            return proposal.Value;
        }

        int recipeModelChoices = chosen.Count;
        var model = request.Model ?? new ModelConfig();
        string kind = Pick("model.kind", model.Kind, recipe.Kind);
        model = model with { Kind = kind, LatentDim = PickValue("model.latentDim", model.LatentDim, recipe.LatentDim) };
        if (kind == JobNames.Vae)
            model = model with
            {
                Backbone = Pick("model.backbone", model.Backbone, recipe.Backbone),
                Beta = PickValue("model.beta", model.Beta, recipe.Beta),
            };
        // Only the fields the architecture uses are filled: any other one in the plan was sent, and is refused (ModelFields).
        var architecture = ModelFields.Of(model, dataset?.Kind ?? "table");
        if (ModelFields.Uses(architecture, "activation")) model = model with { Activation = Pick("model.activation", model.Activation, recipe.Activation) };
        model = model with { Init = PickValue("model.init", model.Init, Recipe.InitFor(model)) };
        if (model.OutputActivation is null && recipe.OutputActivation is { } output)
            model = model with { OutputActivation = PickValue("model.outputActivation", null, output) };
        if (ModelFields.Uses(architecture, "hiddenLayers")) model = model with { HiddenLayers = Pick("model.hiddenLayers", model.HiddenLayers, recipe.HiddenLayers) };
        if (ModelFields.Uses(architecture, "encoder"))
            model = model with
            {
                Encoder = Pick("model.encoder", model.Encoder, recipe.ConvEncoder),
                Upsampling = kind == JobNames.Conv ? PickValue("model.upsampling", model.Upsampling, recipe.Upsampling) : model.Upsampling,
            };
        if (kind == JobNames.Sequence)
            model = model with
            {
                Cell = PickValue("model.cell", model.Cell, recipe.Cell),
                HiddenSize = PickValue("model.hiddenSize", model.HiddenSize, recipe.HiddenSize),
                Layers = PickValue("model.layers", model.Layers, recipe.Layers),
            };
        // A fine-tuning job has its parent's model fields, every one: a recipe default for a field the parent left
        // unset would differ from the parent.
        if (parent?.Configuration is not null)
        {
            chosen.RemoveRange(recipeModelChoices, chosen.Count - recipeModelChoices);
            model = request.Model!;
        }

        var training = request.Training ?? new TrainingConfig();
        training = training with
        {
            Epochs = PickValue("training.epochs", training.Epochs, recipe.Epochs),
            BatchSize = PickValue("training.batchSize", training.BatchSize, recipe.BatchSize),
            LearningRate = PickValue("training.learningRate", training.LearningRate, recipe.LearningRate),
            Optimizer = Pick("training.optimizer", training.Optimizer, recipe.Optimizer),
            Seed = PickValue("training.seed", training.Seed, recipe.Seed),
            Preprocessing = Pick("training.preprocessing", training.Preprocessing, recipe.Preprocessing),
            MissingValues = Pick("training.missingValues", training.MissingValues, recipe.MissingValues),
            Loss = PickValue("training.loss", training.Loss, recipe.Loss),
        };

        var clustering = request.Clustering ?? new ClusteringConfig();
        if (clustering.Algorithm is null && clustering.Preset is null)
            clustering = clustering with { Preset = recipe.Preset.Value is { } preset ? Pick("clustering.preset", null, new Proposal<string>(preset, recipe.Preset.Reason)) : null };
        // A preset names its algorithm in the plan, so that the job shows what it runs.
        string algorithm = clustering.Algorithm ?? (clustering.Preset is { } named && JobNames.Presets.Contains(named)
            ? JobNames.Presets[named]
            : Pick("clustering.algorithm", null, recipe.Algorithm));
        clustering = clustering with { Algorithm = algorithm, NInit = PickValue("clustering.nInit", clustering.NInit, recipe.NInit) };
        // dbscan and hdbscan find the number of clusters themselves.
        if (clustering.K is null && clustering.KRange is null && algorithm is not ("dbscan" or "hdbscan"))
            clustering = recipe.KRange.Value is { } range
                ? clustering with { KRange = Pick("clustering.kRange", null, new Proposal<KRangeConfig>(range, recipe.KRange.Reason)) }
                : clustering with { K = PickValue("clustering.k", null, recipe.K) };
        string modelName = request.ModelName ?? Chosen(chosen, "modelName", parent?.Model is { } parentModel
            ? (parentModel.Name, $"The parent {parent.Describe()}'s name: fine-tuned models are its next versions.")
            : (Registry.ModelNaming.FromDatasetName(dataset?.Name ?? "model"), "The dataset's name."));
        return (new JobConfiguration(model, training, clustering, modelName), chosen);
    }

    private static T Chosen<T>(List<PlanChoice> chosen, string field, (T Value, string Reason) pick)
    {
        chosen.Add(new PlanChoice(field, pick.Reason));
        return pick.Value;
    }

    // Reusing the parent's fitted scaler and fill values only makes sense with the parent's scaling and gap handling.
    private static TrainingConfig FromParent(TrainingConfig training, TrainingConfig parent, ParentModel from, List<PlanChoice> chosen)
    {
        string reason = $"The parent {from.Describe()}'s: fine-tuning reuses its fitted preprocessing.";
        return training with
        {
            Preprocessing = training.Preprocessing ?? Chosen(chosen, "training.preprocessing", (parent.Preprocessing ?? JobDefaults.Preprocessing, reason)),
            MissingValues = training.MissingValues ?? Chosen(chosen, "training.missingValues", (parent.MissingValues ?? JobDefaults.MissingValues, reason)),
        };
    }
}
