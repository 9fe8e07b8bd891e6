using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WebClustering.Api.OpenApi;

/// <summary>Marks an endpoint whose 200 answer also comes in a binary form, for <see cref="BinaryResponseFilter"/>.</summary>
public sealed record BinaryResponse(string MediaType, string Description);

/// <summary>
/// Adds the binary form to a 200 response beside its JSON: ApiExplorer keeps one response type per status code, so
/// declaring both through metadata would lose one of them.
/// </summary>
internal sealed class BinaryResponseFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var binary = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<BinaryResponse>().FirstOrDefault();
        if (binary is null || operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response) return;
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        response.Content[binary.MediaType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = binary.Description },
        };
    }
}
