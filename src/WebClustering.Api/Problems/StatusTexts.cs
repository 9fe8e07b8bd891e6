using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace WebClustering.Api.Problems;

/// <summary>
/// Says what was wrong with a request that the framework refused with a bare status: no endpoint (404; typically an
/// id that is not a GUID, <c>/api/jobs/42</c>, which the routes' <c>{id:guid}</c> constraint does not match, or a
/// misspelt path), a method the path does not take (405), or a body of the wrong content type (415).
/// </summary>
internal static class StatusTexts
{
    private const string ExampleId = "0196f0c4-6c4a-7d3e-9a51-3f2b8c1d4e5f";

    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        if (problem.Detail is not null) return;
        string method = http.Request.Method, path = http.Request.Path.Value ?? "/";
        if (problem.Status == StatusCodes.Status404NotFound && http.GetEndpoint() is null)
        {
            string? suspect = FirstUnknownSegment(http, path);
            problem.Detail = $"There is no endpoint {method} {path}."
                + (suspect is null ? "" : $" '{suspect}' is neither part of a route nor an id: ids are GUIDs such as {ExampleId}.")
                + " Swagger UI (/swagger) lists every endpoint.";
        }
        else if (problem.Status == StatusCodes.Status405MethodNotAllowed)
            problem.Detail = $"{method} is not allowed on {path}; it takes {http.Response.Headers.Allow}.";
        else if (problem.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            var accepted = AcceptedContentTypes(http, method, path);
            problem.Detail = $"The body's Content-Type is {(http.Request.ContentType is { } type ? $"'{type}'" : "missing")}; "
                + $"{method} {path} takes {(accepted.Length == 0 ? "another" : string.Join(" or ", accepted))}.";
        }
    }

    /// <summary>
    /// The content types the endpoints for this method and path take. When routing refuses a content type it answers
    /// from a 415 endpoint of its own, which carries none of the real endpoint's metadata, so they are looked up here.
    /// </summary>
    private static string[] AcceptedContentTypes(HttpContext http, string method, string path) =>
        [.. RouteEndpoints(http)
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase) != false
                && new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText ?? ""), []).TryMatch(path, []))
            .SelectMany(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The first path segment that is neither a literal of some route nor a GUID.</summary>
    private static string? FirstUnknownSegment(HttpContext http, string path)
    {
        var literals = RouteEndpoints(http)
            .SelectMany(e => e.RoutePattern.PathSegments)
            .SelectMany(s => s.Parts)
            .OfType<RoutePatternLiteralPart>()
            .Select(p => p.Content)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(segment => !literals.Contains(segment) && !Guid.TryParse(segment, out _));
    }

    private static IEnumerable<RouteEndpoint> RouteEndpoints(HttpContext http) =>
        http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
}
