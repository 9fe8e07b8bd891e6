using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WebClustering.Api.OpenApi;

/// <summary>
/// The error responses every API endpoint can give whatever it does: a missing or unknown key (401), a key over its
/// rate limit (429) and a database that is restarting (503). Endpoint-specific ones (400, 404, 409, 413) are
/// declared by each endpoint.
/// </summary>
internal sealed class CommonErrorResponsesFilter : IOperationFilter
{
    private static readonly (string Status, string Description)[] Common =
    [
        ("401", "No API key, or an unknown or revoked one (ProblemDetails). Send it in X-Api-Key."),
        ("429", "The key's rate limit is exceeded (ProblemDetails); Retry-After says when to try again."),
        ("503", "The database is unavailable for a moment (ProblemDetails); Retry-After says when to try again."),
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true) return;
        operation.Responses ??= [];
        foreach (var (status, description) in Common)
            operation.Responses.TryAdd(status, new OpenApiResponse { Description = description });
    }
}
