using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Core.Models;

namespace WebClustering.Api.OpenApi;

/// <summary>
/// The schema of <see cref="ActivationConfig"/>: its JSON converter takes a name or an object with parameters, which
/// Swashbuckle cannot read off the record, so the two forms are spelled out (oneOf) with an example.
/// </summary>
internal static class ActivationSchema
{
    public static OpenApiSchema Create()
    {
        var names = Activations.ByName.Keys.Select(name => (JsonNode)JsonValue.Create(name)!).ToList();
        OpenApiSchema Number(string description) => new() { Type = JsonSchemaType.Number, Format = "double", Description = description };
        return new OpenApiSchema
        {
            Description = "An activation name, or an object with the name and its parameters.",
            OneOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.String, Enum = names, Example = "relu" },
                new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "name" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["name"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = names },
                        ["alpha"] = Number("leaky_relu: negative slope (0.01); prelu: starting slope (0.25); elu: saturation (1)."),
                        ["min"] = Number("hardtanh: lower clip (-1)."),
                        ["max"] = Number("hardtanh: upper clip (1)."),
                        ["beta"] = Number("softplus: sharpness (1)."),
                        ["shared"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "prelu: one slope for the layer (true) or one per unit (false, the default)." },
                    },
                    AdditionalPropertiesAllowed = false,
                    Example = JsonNode.Parse("""{"name": "leaky_relu", "alpha": 0.2}"""),
                },
            ],
            Example = JsonNode.Parse("""{"name": "leaky_relu", "alpha": 0.2}"""),
        };
    }
}
