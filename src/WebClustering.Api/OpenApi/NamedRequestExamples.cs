using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WebClustering.Api.OpenApi;

/// <summary>Marks an endpoint with several named request bodies; Swagger UI offers them in a drop-down.</summary>
public sealed record NamedRequestExamples(IReadOnlyList<(string Name, string Summary, string Json)> Examples);

public static class NamedRequestExamplesSetup
{
    public static RouteHandlerBuilder WithRequestExamples(this RouteHandlerBuilder builder, IReadOnlyList<(string Name, string Summary, string Json)> examples) =>
        builder.WithMetadata(new NamedRequestExamples(examples));
}

/// <summary>Writes <see cref="NamedRequestExamples"/> as the media type's <c>examples</c> (never beside a single <c>example</c>: OpenAPI forbids both).</summary>
internal sealed class NamedRequestExamplesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var named = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<NamedRequestExamples>().FirstOrDefault();
        if (named is null || operation.RequestBody?.Content is null) return;
        foreach (var media in operation.RequestBody.Content.Values)
        {
            media.Example = null;
            media.Examples = named.Examples.ToDictionary(e => e.Name,
                e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Value = JsonNode.Parse(e.Json) });
        }
    }
}
