using System.Text.Json.Nodes;
using WebClustering.Api.OpenApi;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests;

[Collection(ServiceCollection.Name)]
public sealed class OpenApiTests(ServiceFixture service)
{
    [Fact]
    public async Task Swagger_documents_every_endpoint_with_a_summary()
    {
        var document = JsonNode.Parse(await service.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var paths = document["paths"]!.AsObject();

        string[] expected =
        [
            "/api/datasets", "/api/datasets/{id}", "/api/jobs", "/api/jobs/{id}",
            "/api/jobs/{id}/embeddings", "/api/jobs/{id}/clusters", "/api/jobs/{id}/model",
        ];
        Assert.Superset(expected.ToHashSet(), paths.Select(p => p.Key).ToHashSet());
        foreach (var (path, item) in paths)
            foreach (var (method, operation) in item!.AsObject())
                Assert.False(string.IsNullOrWhiteSpace(operation!["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
    }

    [Fact]
    public async Task A_job_request_example_is_shown_for_every_model_kind()
    {
        var document = JsonNode.Parse(await service.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var examples = document["paths"]!["/api/jobs"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        Assert.Equal("kmeans", examples["dense"]!["value"]!["clustering"]!["algorithm"]!.GetValue<string>());
        foreach (var kind in new[] { "conv", "vae", "sequence" })
            Assert.Equal(kind, examples[kind]!["value"]!["model"]!["kind"]!.GetValue<string>());
        Assert.Equal("gaussian", examples["denoising"]!["value"]!["training"]!["noise"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_activation_is_documented_as_a_name_or_an_object_with_parameters()
    {
        var document = JsonNode.Parse(await service.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var schemas = document["components"]!["schemas"]!;
        var activation = schemas["ModelConfig"]!["properties"]!["activation"]!;
        if (activation["$ref"] is { } reference) activation = schemas[reference.GetValue<string>().Split('/')[^1]]!;

        var forms = activation["oneOf"]!.AsArray();
        Assert.Equal(["string", "object"], forms.Select(form => form!["type"]!.ToString()));
        Assert.Contains("leaky_relu", forms[0]!["enum"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Superset(new HashSet<string> { "name", "alpha", "min", "max", "beta", "shared" }, forms[1]!["properties"]!.AsObject().Select(p => p.Key).ToHashSet());
        Assert.Equal("leaky_relu", activation["example"]!["name"]!.GetValue<string>());
        Assert.NotNull(schemas["ModelConfig"]!["properties"]!["init"]);
    }

    [Fact]
    public async Task Every_endpoint_has_an_example_for_each_parameter_and_request_body()
    {
        var document = JsonNode.Parse(await service.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var missing = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var parameter in operation!["parameters"]?.AsArray() ?? [])
                {
                    var name = parameter!["name"]!.GetValue<string>();
                    bool required = parameter["required"]?.GetValue<bool>() ?? false;
                    if (parameter["example"] is null && (required || !ParameterExamplesFilter.IsLeftEmpty(name)))
                        missing.Add($"{method} {path}: parameter {name}");
                }
                foreach (var (contentType, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
                {
                    if (contentType == "multipart/form-data")
                    {
                        foreach (var (field, schema) in FormFields(media!["schema"]!))
                            if (schema["format"]?.GetValue<string>() != "binary" && schema["example"] is null && !ParameterExamplesFilter.IsLeftEmpty(field))
                                missing.Add($"{method} {path}: form field {field}");
                    }
                    else if (media!["example"] is null && media["examples"] is null)
                        missing.Add($"{method} {path}: {contentType} body");
                }
            }
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("/api/jobs/{id}/items/{itemId}/similar")]
    [InlineData("/api/jobs/{id}/embeddings")]
    [InlineData("/api/jobs/{id}/embeddings/{itemId}")]
    [InlineData("/api/jobs/{id}/anomalies")]
    [InlineData("/api/jobs")]
    public async Task Query_parameter_examples_run_as_they_are_once_the_ids_are_real(string path)
    {
        var job = await service.BlobsJobAsync();
        var client = service.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var query = document["paths"]![path]!["get"]!["parameters"]!.AsArray()
            .Where(p => p!["in"]!.GetValue<string>() == "query" && p["example"] is not null)
            .Select(p => $"{p!["name"]}={Uri.EscapeDataString(p["example"]!.ToString())}");
        var url = path.Replace("{id}", job.Job.Id.ToString()).Replace("{itemId}", "item-0001") + "?" + string.Join('&', query);

        var response = await client.GetAsync(url);

        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static IEnumerable<(string Name, JsonNode Schema)> FormFields(JsonNode schema) =>
        (schema["properties"]?.AsObject().Select(p => (p.Key, p.Value!)) ?? [])
            .Concat((schema["allOf"]?.AsArray() ?? []).SelectMany(s => FormFields(s!)));

    [Fact]
    public async Task Every_api_endpoint_declares_the_key_rate_limit_and_database_errors()
    {
        var document = JsonNode.Parse(await service.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        foreach (var (path, item) in document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/api/")))
            foreach (var (method, operation) in item!.AsObject())
                foreach (var status in new[] { "401", "429", "503" })
                    Assert.True(operation!["responses"]?[status] is not null, $"{method} {path} does not declare {status}");
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var html = await service.CreateClient().GetStringAsync("/swagger/index.html");
        Assert.Contains("swagger-ui", html);
    }
}
