using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WebClustering.Api.OpenApi;

/// <summary>
/// Gives path, query and form parameters an example by name, so that "Try it out" in Swagger UI starts from values
/// that run: paging that returns a page, a metric that exists, the first row's item id. Ids are the zero GUID, to
/// be replaced by one that a POST returned. Optional filters that would narrow an answer to nothing (a cursor, a
/// cluster, a last event id) are left empty on purpose.
/// </summary>
internal sealed class ParameterExamplesFilter : IOperationFilter
{
    public const string ExampleId = "00000000-0000-0000-0000-000000000000";

    private static readonly Dictionary<string, Func<JsonNode>> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = () => ExampleId,
        ["offset"] = () => 0,
        ["limit"] = () => 50,
        ["fields"] = () => "vector,cluster",
        ["itemId"] = () => "0",                      // rows are numbered from 0 when a dataset has no id column
        ["format"] = () => "npy",
        ["state"] = () => "succeeded",
        ["top"] = () => 10,
        ["k"] = () => 10,
        ["metric"] = () => "cosine",
        ["sameCluster"] = () => false,
        ["exact"] = () => false,                     // similar items: true forces exact search over the HNSW index
        ["name"] = () => "example",
        ["idColumn"] = () => "id",
        ["stepColumn"] = () => "step",
        ["width"] = () => 28,
        ["height"] = () => 28,
        ["channels"] = () => 1,
        ["missingValues"] = () => "refuse",
        ["tenant"] = () => "acme",                   // /api/admin/keys
        ["cancelJobs"] = () => false,                // DELETE /api/admin/tenants/{id}
        ["version"] = () => 1,                       // /api/models/names/{name}/versions/{version}
        ["alias"] = () => "production",
    };

    // Only one of these chooses how many anomalies; the other is left empty so that the example runs.
    private static readonly HashSet<string> LeftEmpty = new(StringComparer.OrdinalIgnoreCase)
    {
        "cursor", "cluster", "lastEventId", "contamination", "labelColumn", "categoricalColumns", "jobId",
    };

    public static bool IsLeftEmpty(string name) => LeftEmpty.Contains(name);

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Example is not null || parameter.Examples is { Count: > 0 }) continue;
            // A path parameter called name is a plot's file name, or a model name (a dataset "example" gives its models
            // that name); elsewhere name is a dataset's name.
            parameter.Example = parameter.In == ParameterLocation.Path && parameter.Name == "name"
                ? context.ApiDescription.RelativePath?.Contains("models/names", StringComparison.Ordinal) == true ? "example" : "latent.png"
                : Example(parameter.Name);
        }
        foreach (var (contentType, media) in operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>())
        {
            if (contentType != "multipart/form-data" || media.Schema is null) continue;
            foreach (var schema in Schemas(media.Schema))
                foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
                    if (property is OpenApiSchema field && field.Example is null && field.Format != "binary" && Example(name) is { } value)
                        field.Example = value;
        }
    }

    private static JsonNode? Example(string? name) =>
        name is not null && ByName.TryGetValue(name, out var make) ? make() : null;

    // A form with a file is an allOf of one schema per bound parameter.
    private static IEnumerable<OpenApiSchema> Schemas(IOpenApiSchema schema) =>
        schema is OpenApiSchema concrete
            ? [concrete, .. (concrete.AllOf ?? []).SelectMany(Schemas)]
            : [];
}
