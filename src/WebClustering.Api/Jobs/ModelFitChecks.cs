using WebClustering.Api.Jobs.Planning;
using WebClustering.Core.Models;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Jobs;

/// <summary>
/// Checks that need the model built for the dataset: whether the kind fits the dataset's items, the Core spec's own
/// problems (conv geometry, sizes) and the Core training options' problems, each reported under its JSON path.
/// </summary>
internal static class ModelFitChecks
{
    public static void Collect(JobPlan plan, DatasetRecord? dataset, Action<string, string> add)
    {
        var model = plan.Configuration.Model;
        var training = plan.Configuration.Training;
        // Names the validator refuses are reported there; the options built from them would only repeat it.
        if (JobNames.Optimizers.Contains(training.Optimizer))
            foreach (var problem in plan.Training.Problems()) add(Path("training", problem), Message(problem));
        if (training.Loss == ReconstructionLoss.Bce && (model.OutputActivation ?? OutputActivation.Identity) != OutputActivation.Sigmoid)
            add("model.outputActivation", "The bce loss reads outputs as probabilities: set outputActivation to sigmoid.");
        // Standardised values leave [0, 1] by construction, and bce's targets must lie in it.
        if (training.Loss == ReconstructionLoss.Bce && training.Preprocessing == "standardize")
            add("training.preprocessing", "The bce loss needs targets in [0, 1]: use minmax (or none on data already in [0, 1]).");
        if (model.Kind == JobNames.Vae && model.Backbone is { } backbone && !JobNames.Backbones.Contains(backbone))
            add("model.backbone", JobNames.Backbones.Unknown("backbone", backbone));

        if (dataset is null || !JobNames.ModelKinds.Contains(model.Kind)) return;
        if (ModelSpecs.Misfit(model, dataset.Kind) is { } misfit)
        {
            add("model.kind", misfit);
            return;
        }
        AutoencoderSpec spec;
        try
        {
            spec = plan.Model;
        }
        catch (ArgumentException)
        {
            return; // an unknown name, already reported under its own field
        }
        // A VAE's problems name its backbone's fields; the flat configuration has them directly under model.
        foreach (var problem in spec.Problems()) add(Path("model", problem.StartsWith("backbone.") ? problem["backbone.".Length..] : problem), Message(problem));
    }

    // Core problems read "field: message"; the field becomes part of the JSON path the 400 names.
    private static string Path(string prefix, string problem) =>
        problem.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon ? $"{prefix}.{problem[..colon]}" : prefix;

    private static string Message(string problem) =>
        problem.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon ? problem[(colon + 2)..] : problem;
}
