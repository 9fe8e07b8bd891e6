using System.Text.Json.Nodes;
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
    public async Task Swagger_ui_is_served()
    {
        var html = await service.CreateClient().GetStringAsync("/swagger/index.html");
        Assert.Contains("swagger-ui", html);
    }
}
