using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Registry;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Registry;

[Collection(ServiceCollection.Name)]
public sealed class ModelAliasTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task Models_of_a_dataset_are_versions_of_its_name_and_an_alias_moves_between_them()
    {
        string name = RegistryClient.UniqueName("shop items");
        var dataset = await client.NamedDatasetAsync(name);
        var first = await client.TrainedModelAsync(RegistryClient.QuickJob(dataset.Id));
        var second = await client.TrainedModelAsync(RegistryClient.QuickJob(dataset.Id));
        Assert.Equal((name, 1, name, 2), (first.Name, first.Version, second.Name, second.Version));

        await (await client.PutAliasAsync(name, "production", new { version = 1 })).ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Equal(first.Id, (await client.ResolveAsync(name, "production")).Id);
        Assert.Equal(["production"], (await client.GetFromJsonAsync<ModelResponse>($"/api/models/{first.Id}", ApiClient.Json))!.Aliases);

        var moved = await client.PutAliasAsync(name, "production", new { modelId = second.Id });
        await moved.ShouldHaveStatus(HttpStatusCode.OK);
        var alias = (await moved.Content.ReadFromJsonAsync<ModelAliasResponse>(ApiClient.Json))!;
        Assert.Equal((2, second.Id), (alias.Version, alias.ModelId));
        var resolved = await client.ResolveAsync(name, "production");
        Assert.Equal((second.Id, 2), (resolved.Id, resolved.Version));
        Assert.Equal($"/api/models/{second.Id}/encode", resolved.Links.Encode);
        Assert.Equal(second.Id, (await client.ResolveAsync(name, "latest")).Id);
        Assert.Empty((await client.GetFromJsonAsync<ModelResponse>($"/api/models/{first.Id}", ApiClient.Json))!.Aliases!);

        var described = (await client.GetFromJsonAsync<ModelNameResponse>(second.Links.Name, ApiClient.Json))!;
        Assert.Equal((2, 2, second.Id), (described.Versions, described.LatestVersion, described.LatestModelId));
        Assert.Equal(("production", 2), (described.Aliases.Single().Alias, described.Aliases.Single().Version));
        var version1 = (await client.GetFromJsonAsync<ModelResponse>($"{second.Links.Name}/versions/1", ApiClient.Json))!;
        Assert.Equal(first.Id, version1.Id);
        var versions = (await client.GetFromJsonAsync<ModelListResponse>(described.Links.Versions, ApiClient.Json))!;
        Assert.Equal([second.Id, first.Id], versions.Items.Select(m => m.Id));

        await (await client.DeleteAsync($"{second.Links.Name}/aliases/production")).ShouldHaveStatus(HttpStatusCode.NoContent);
        await (await client.GetAsync($"{second.Links.Name}/aliases/production")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_named_model_starts_its_own_versions_and_bad_alias_requests_are_400s_naming_the_field()
    {
        string name = RegistryClient.UniqueName("recs");
        var dataset = await client.NamedDatasetAsync(RegistryClient.UniqueName("data"));
        var model = await client.TrainedModelAsync(RegistryClient.QuickJob(dataset.Id, modelName: name));
        Assert.Equal((name, 1), (model.Name, model.Version));

        var problem = await (await client.PutAliasAsync(name, "production", new { version = 7 })).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("no version 7", problem["errors"]!["version"]![0]!.GetValue<string>());
        problem = await (await client.PutAliasAsync(name, "production", new { version = 1, modelId = model.Id })).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["version"]);
        problem = await (await client.PutAliasAsync(name, "latest", new { version = 1 })).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["alias"]);
        // Another name's model is no version of this one.
        var other = await client.TrainedModelAsync(RegistryClient.QuickJob(dataset.Id));
        problem = await (await client.PutAliasAsync(name, "production", new { modelId = other.Id })).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["modelId"]);
        await (await client.PutAliasAsync("no such name", "production", new { version = 1 })).ShouldBeProblem(HttpStatusCode.NotFound);

        var bad = await client.PostJobAsync(RegistryClient.QuickJob(dataset.Id, modelName: "a/b"));
        Assert.NotNull((await bad.ShouldBeProblem(HttpStatusCode.BadRequest))["errors"]!["modelName"]);
    }
}
