using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using WebClustering.Api.Datasets;
using WebClustering.Api.Tenants;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Security;

/// <summary>Development's anonymous mode (the ServiceFixture's): keyless requests are the default tenant, keys still count.</summary>
[Collection(ServiceCollection.Name)]
public sealed class AnonymousModeTests(ServiceFixture service)
{
    [Fact]
    public async Task Keyless_requests_act_as_the_default_tenant_and_a_keys_tenant_does_not_see_its_data()
    {
        var keyless = service.CreateClient();
        var dataset = await keyless.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 4, clusters: 2, dims: 3), idColumn: "item", labelColumn: "species");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:WebClustering"] = service.ConnectionString })
            .Build();
        using var output = new StringWriter();
        Assert.Equal(0, await KeysCommand.RunAsync(["keys", "create", "--tenant", "keyed"], configuration, output, TextWriter.Null));
        var keyed = service.CreateClient();
        keyed.DefaultRequestHeaders.Add(ApiKeys.Header, output.ToString().Trim());

        await (await keyless.GetAsync($"/api/datasets/{dataset.Id}")).ShouldHaveStatus(HttpStatusCode.OK);
        await (await keyed.GetAsync($"/api/datasets/{dataset.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        var listed = (await keyed.GetFromJsonAsync<DatasetListResponse>("/api/datasets?limit=500", ApiClient.Json))!;
        Assert.DoesNotContain(listed.Items, d => d.Id == dataset.Id);

        var wrong = service.CreateClient();
        wrong.DefaultRequestHeaders.Add(ApiKeys.Header, "wck_not-a-key");
        await (await wrong.GetAsync("/api/datasets")).ShouldBeProblem(HttpStatusCode.Unauthorized); // never a silent fallback
    }
}
