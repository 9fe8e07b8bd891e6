using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Jobs;
using WebClustering.Api.OpenApi;
using WebClustering.Api.Problems;
using WebClustering.Api.Tenants;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Registry;

/// <summary>
/// The registry by name: a tenant's model names, their versions, and aliases (production, staging, ...) that a client
/// moves between versions and another service follows: GET .../aliases/production always answers the version it
/// points at now, with the links to use it.
/// </summary>
public static class ModelNamesApi
{
    public static RouteGroupBuilder MapModelNamesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/models/names").WithTags("Model registry");
        group.MapGet("/", List)
            .WithSummary("List model names with their latest version and aliases, most recently registered first")
            .WithDescription(PageParameters.Description)
            .ProducesValidationProblem();
        group.MapGet("/{name}", Get)
            .WithSummary("A model name: how many versions, the latest, and where each alias points")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/versions/{version:int}", GetVersion)
            .WithSummary("One version of a model name")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/aliases/{alias}", Resolve)
            .WithSummary("Resolve an alias (or `latest`) to the version it points at now, with its links")
            .WithDescription("Answers the model (as GET /api/models/{id}, with `links.encode`, `links.file`, `links.embeddings`, ...) of the version the alias points at now; `latest` is the name's highest version. `Content-Location` names the model's own URL. Not cached: an alias moves.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}/aliases/{alias}", SetAlias)
            .WithSummary("Set or move an alias to a version of the name")
            .WithDescription("Body: `{\"version\": 3}` or `{\"modelId\": \"...\"}` (a model registered under this name). Creates the alias or moves it; idempotent. An alias is 1-64 letters, digits, '-', '_' or '.', starting with a letter; `latest` is reserved.")
            .WithRequestExamples(RegistryExamples.SetAlias)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{name}/aliases/{alias}", DeleteAlias)
            .WithSummary("Remove an alias (the version stays)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ModelNameListResponse>, ValidationProblem>> List(ModelAliasStore names, ClaimsPrincipal user,
        CancellationToken cancellationToken, int offset = 0, int limit = 50)
    {
        if (PageParameters.Check(offset, limit) is { } outOfRange) return outOfRange;
        var items = await names.NamesAsync(user.TenantId(), offset, limit, cancellationToken: cancellationToken);
        return TypedResults.Ok(new ModelNameListResponse([.. items.Select(ToResponse)], offset, limit));
    }

    private static async Task<Results<Ok<ModelNameResponse>, ProblemHttpResult>> Get(string name, ModelAliasStore names, ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        (await names.NamesAsync(user.TenantId(), 0, 1, name, cancellationToken)).SingleOrDefault() is { } found
            ? TypedResults.Ok(ToResponse(found))
            : NameNotFound(name);

    private static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> GetVersion(string name, int version, ModelStore models,
        DatasetStore datasets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await models.GetVersionAsync(user.TenantId(), name, version, cancellationToken) is { } model
            ? TypedResults.Ok(await DescribeAsync(model, models, datasets, cancellationToken))
            : NotFound($"The model name '{name}' has no version {version}.");

    private static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> Resolve(string name, string alias, ModelStore models,
        DatasetStore datasets, ClaimsPrincipal user, HttpContext context, CancellationToken cancellationToken)
    {
        if (await models.ResolveAsync(user.TenantId(), name, alias, cancellationToken) is not { } model)
            return NotFound(alias == ModelStore.Latest ? $"There is no model named '{name}'." : $"The model name '{name}' has no alias '{alias}'.");
        context.Response.Headers.ContentLocation = $"/api/models/{model.Id}";
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Ok(await DescribeAsync(model, models, datasets, cancellationToken));
    }

    private static async Task<Results<Ok<ModelAliasResponse>, ValidationProblem, ProblemHttpResult>> SetAlias(string name, string alias,
        SetAliasRequest request, ModelAliasStore names, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (ModelNaming.AliasProblem(alias) is { } problem) return JobResultsApi.Invalid("alias", problem);
        if (request.Version is null == request.ModelId is null)
            return JobResultsApi.Invalid("version", "Give either version (a version number of the name) or modelId, not both.");
        var tenant = user.TenantId();
        if ((await names.NamesAsync(tenant, 0, 1, name, cancellationToken)).Count == 0) return NameNotFound(name);
        var (outcome, set) = await names.SetAsync(tenant, name, alias, request.Version, request.ModelId, cancellationToken);
        if (outcome == SetAliasOutcome.NoSuchVersion)
            return request.Version is { } version
                ? JobResultsApi.Invalid("version", $"The model name '{name}' has no version {version}.")
                : JobResultsApi.Invalid("modelId", $"Model '{request.ModelId}' is not a version of the model name '{name}'.");
        return TypedResults.Ok(ToResponse(set!));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAlias(string name, string alias, ModelAliasStore names,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (alias == ModelStore.Latest) return JobResultsApi.Invalid("alias", ModelNaming.AliasProblem(alias)!);
        return await names.DeleteAsync(user.TenantId(), name, alias, cancellationToken)
            ? TypedResults.NoContent()
            : NotFound($"The model name '{name}' has no alias '{alias}'.");
    }

    /// <summary>A model as GET /api/models/{id} shows it: with its dataset's feature names and its lineage.</summary>
    public static async Task<ModelResponse> DescribeAsync(ModelRecord model, ModelStore models, DatasetStore datasets, CancellationToken cancellationToken)
    {
        var features = (await datasets.GetAsync(model.DatasetId, cancellationToken))?.FeatureNames ?? [];
        return model.ToResponse(features, await models.LineageAsync(model.Id, cancellationToken));
    }

    private static ModelNameResponse ToResponse(ModelNameRecord name)
    {
        var self = ModelMapping.NameLink(name.Name);
        return new ModelNameResponse(name.Name, name.Versions, name.LatestVersion, name.LatestModelId, name.UpdatedAt,
            [.. name.Aliases.Select(ToResponse)],
            new ModelNameLinks(self, $"/api/models?name={Uri.EscapeDataString(name.Name)}", $"{self}/aliases/latest", $"{self}/aliases/{{alias}}"));
    }

    private static ModelAliasResponse ToResponse(ModelAliasRecord alias) => new(alias.Name, alias.Alias, alias.Version, alias.ModelId,
        alias.UpdatedAt, $"{ModelMapping.NameLink(alias.Name)}/aliases/{Uri.EscapeDataString(alias.Alias)}", $"/api/models/{alias.ModelId}");

    private static ProblemHttpResult NameNotFound(string name) => NotFound($"There is no model named '{name}'.");

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found.", detail: detail);
}
