using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing.Patterns;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tenants;

/// <summary>
/// The one place where tenants are kept apart for everything reached through an id in the URL: any endpoint under
/// /api/datasets/{id}, /api/jobs/{id} or /api/models/{id} (results, embeddings, exports, plots, events, similar
/// items, encoding, ...) answers 404, exactly as for an id that does not exist, unless the dataset, job or model
/// belongs to the request's tenant. It runs before the endpoint, so the caches that endpoints keep by job or model
/// id (FinishedJobs, VectorIndexCache, ModelCache) are only ever reached by the owner.
/// </summary>
public sealed class TenantGate(RequestDelegate next, TenantOwnership ownership)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint && GuardedResource(endpoint.RoutePattern) is { } resource)
        {
            // An id that is no Guid names nothing anyone owns (routes constrain it to a Guid; this holds if one does not).
            var parsed = Guid.TryParse(context.Request.RouteValues["id"] as string, out var id);
            var tenant = context.User.TenantIdOrNull();
            if (!parsed || tenant is null || !await ownership.OwnsAsync(tenant.Value, resource, id, context.RequestAborted))
            {
                await NotFound(resource, id).ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }

    /// <summary>The resource a route names by its {id}: /api/{datasets|jobs|models}/{id}/...; null for any other route.</summary>
    public static OwnedResource? GuardedResource(RoutePattern pattern)
    {
        var segments = pattern.PathSegments;
        if (segments.Count < 3 || Literal(segments[0]) != "api") return null;
        if (segments[2].Parts is not [RoutePatternParameterPart { Name: "id" }]) return null;
        return Literal(segments[1]) switch
        {
            "datasets" => OwnedResource.Dataset,
            "jobs" => OwnedResource.Job,
            "models" => OwnedResource.Model,
            _ => null,
        };
    }

    private static string? Literal(RoutePatternPathSegment segment) =>
        segment.Parts is [RoutePatternLiteralPart literal] ? literal.Content.ToLowerInvariant() : null;

    private static ProblemHttpResult NotFound(OwnedResource resource, Guid id) => resource switch
    {
        OwnedResource.Dataset => DatasetsApi.NotFound(id),
        OwnedResource.Job => JobProblems.NotFound(id),
        _ => JobProblems.ModelNotFound(id),
    };
}
