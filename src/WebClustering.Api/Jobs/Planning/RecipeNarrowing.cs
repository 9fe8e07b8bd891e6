namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// When the request leaves the kind (or a VAE's backbone) to the recipe but sends architecture fields, the choice is
/// narrowed to the architectures that use them all (<see cref="ModelFields.Candidates"/>): <c>beta</c> alone gives a
/// vae, <c>encoder</c> a conv model, <c>cell</c> a sequence model, <c>hiddenLayers</c> on a vae a dense backbone.
/// Fields no single kind uses leave the recipe's choice, and the validator names the ones it does not use.
/// </summary>
internal static class RecipeNarrowing
{
    public static Recipe ToFieldsSent(Recipe recipe, ModelConfig sent, string datasetKind)
    {
        var candidates = ModelFields.Candidates(sent);
        if (candidates.Count == 0) return recipe;
        string reason = Reason(sent, candidates);

        var vaes = candidates.Where(c => c.Kind == JobNames.Vae).ToList();
        if (sent.Backbone is null && vaes.Count == 1 && vaes[0].Backbone != recipe.Backbone.Value)
            recipe = recipe with { Backbone = new(vaes[0].Backbone!, reason) };

        if (sent.Kind is null && !candidates.Any(c => c.Kind == recipe.Kind.Value))
        {
            // The first kind (in the recipe's order of preference) whose model fits the dataset's items, else the first.
            var kinds = candidates.Select(c => c.Kind).Distinct().ToList();
            string kind = kinds.FirstOrDefault(k => ModelSpecs.Misfit(new ModelConfig(k) { Backbone = recipe.Backbone.Value }, datasetKind) is null) ?? kinds[0];
            recipe = recipe with { Kind = new(kind, reason) };
        }
        return recipe;
    }

    private static string Reason(ModelConfig sent, IReadOnlyList<Architecture> candidates)
    {
        var fields = ModelFields.Sent(sent);
        return $"{string.Join(" and ", fields)} {(fields.Count == 1 ? "was" : "were")} sent, and only {string.Join(" and ", candidates)} models use " +
            (fields.Count == 1 ? "it" : "them all");
    }
}
