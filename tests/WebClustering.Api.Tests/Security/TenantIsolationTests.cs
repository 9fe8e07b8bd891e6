using System.Net;
using System.Net.Http.Json;
using System.Text;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Security;

/// <summary>Tenant beta asks for everything tenant alpha owns, by id, and gets what it would get for an id that does not exist.</summary>
[Collection(SecurityCollection.Name)]
public sealed class TenantIsolationTests(SecurityFixture service)
{
    private const string Item = "item-0001";

    /// <summary>Every endpoint that names a dataset, job or model in its URL, with what alpha gets there.</summary>
    public static TheoryData<string, string, string?, HttpStatusCode> OwnedEndpoints() => new()
    {
        { "GET", "/api/datasets/{dataset}", null, HttpStatusCode.OK },
        { "GET", "/api/jobs/{job}", null, HttpStatusCode.OK },
        { "POST", "/api/jobs/{job}/cancel", null, HttpStatusCode.Conflict }, // it has ended
        { "GET", "/api/jobs/{job}/clusters", null, HttpStatusCode.OK },
        { "GET", "/api/jobs/{job}/anomalies?top=3", null, HttpStatusCode.OK },
        { "GET", "/api/jobs/{job}/model", null, HttpStatusCode.OK },
        { "GET", "/api/jobs/{job}/history", null, HttpStatusCode.OK },
        { "GET", "/api/jobs/{job}/events", null, HttpStatusCode.OK },
        { "GET", "/api/jobs/{job}/embeddings?limit=5", null, HttpStatusCode.OK },
        { "GET", $"/api/jobs/{{job}}/embeddings/{Item}", null, HttpStatusCode.OK },
        { "POST", "/api/jobs/{job}/embeddings/batch", $$"""{"itemIds":["{{Item}}"]}""", HttpStatusCode.OK },
        { "GET", "/api/jobs/{job}/embeddings/export?format=csv", null, HttpStatusCode.OK },
        { "GET", "/api/jobs/{job}/embeddings/export?format=npy", null, HttpStatusCode.OK },
        { "GET", $"/api/jobs/{{job}}/items/{Item}/similar?k=2", null, HttpStatusCode.OK },
        { "POST", "/api/jobs/{job}/similar", """{"vector":[0.5,0.5],"k":2}""", HttpStatusCode.OK },
        { "GET", "/api/jobs/{job}/plots", null, HttpStatusCode.OK },
        { "GET", "/api/jobs/{job}/plots/latent.png", null, HttpStatusCode.OK },
        { "GET", "/api/models/{model}", null, HttpStatusCode.OK },
        { "GET", "/api/models/{model}/file", null, HttpStatusCode.OK },
        { "POST", "/api/models/{model}/encode", """{"rows":[{"id":"a","features":[0,0,0,0,0,0]}]}""", HttpStatusCode.OK },
        { "POST", "/api/models/{model}/encode/file", "csv", HttpStatusCode.OK },
        { "POST", "/api/models/{model}/encodings", $$"""{"datasetId":"{{Guid.Empty}}"}""", HttpStatusCode.BadRequest }, // no such dataset: no job started
        { "POST", "/api/models/{model}/decode", """{"points":[[0,0]]}""", HttpStatusCode.OK },
        { "POST", "/api/models/{model}/generate", """{"count":2}""", HttpStatusCode.BadRequest }, // a dense model has no prior
    };

    [Theory]
    [MemberData(nameof(OwnedEndpoints))]
    public async Task Another_tenant_gets_404_for_what_a_tenant_owns_even_once_it_is_cached(string method, string template,
        string? body, HttpStatusCode ownerGets)
    {
        var alpha = await service.AlphaJobAsync();
        var (beta, _) = await service.TenantAsync("beta");
        var url = template.Replace("{dataset}", alpha.DatasetId.ToString()).Replace("{job}", alpha.JobId.ToString())
            .Replace("{model}", alpha.ModelId.ToString());

        // The owner first: the job's record, vectors and model are then in the service's caches.
        await (await Send(alpha.Owner, method, url, body)).ShouldHaveStatus(ownerGets);
        var refused = await (await Send(beta, method, url, body)).ShouldBeProblem(HttpStatusCode.NotFound);

        // Exactly what an id that does not exist gets, so beta cannot even tell that it exists.
        var unknownUrl = url.Replace(alpha.DatasetId.ToString(), Guid.Empty.ToString()).Replace(alpha.JobId.ToString(), Guid.Empty.ToString())
            .Replace(alpha.ModelId.ToString(), Guid.Empty.ToString());
        var unknown = await (await Send(beta, method, unknownUrl, body)).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal((string?)unknown["title"], (string?)refused["title"]);
    }

    [Fact]
    public async Task Another_tenant_cannot_delete_a_dataset_and_the_owner_still_has_it()
    {
        var alpha = await service.AlphaJobAsync();
        var (beta, _) = await service.TenantAsync("beta");

        await (await beta.DeleteAsync($"/api/datasets/{alpha.DatasetId}")).ShouldBeProblem(HttpStatusCode.NotFound);

        await (await alpha.Owner.GetAsync($"/api/datasets/{alpha.DatasetId}")).ShouldHaveStatus(HttpStatusCode.OK);
        await (await alpha.Owner.GetAsync($"/api/jobs/{alpha.JobId}/clusters")).ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Lists_show_only_the_tenants_own_datasets_jobs_and_models()
    {
        var alpha = await service.AlphaJobAsync();
        var (beta, _) = await service.TenantAsync("beta");
        var betaDataset = await beta.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 5, clusters: 2, dims: 3), idColumn: "item", labelColumn: "species");

        var alphaDatasets = (await alpha.Owner.GetFromJsonAsync<DatasetListResponse>("/api/datasets?limit=500", ApiClient.Json))!;
        var betaDatasets = (await beta.GetFromJsonAsync<DatasetListResponse>("/api/datasets?limit=500", ApiClient.Json))!;
        Assert.Contains(alphaDatasets.Items, d => d.Id == alpha.DatasetId);
        Assert.DoesNotContain(alphaDatasets.Items, d => d.Id == betaDataset.Id);
        Assert.Contains(betaDatasets.Items, d => d.Id == betaDataset.Id);
        Assert.DoesNotContain(betaDatasets.Items, d => d.Id == alpha.DatasetId);

        var alphaJobs = (await alpha.Owner.GetFromJsonAsync<JobListResponse>("/api/jobs?limit=500", ApiClient.Json))!;
        var betaJobs = (await beta.GetFromJsonAsync<JobListResponse>("/api/jobs?limit=500", ApiClient.Json))!;
        var betaSucceeded = (await beta.GetFromJsonAsync<JobListResponse>("/api/jobs?state=succeeded&offset=1", ApiClient.Json))!;
        Assert.Contains(alphaJobs.Items, j => j.Id == alpha.JobId);
        Assert.DoesNotContain(betaJobs.Items, j => j.Id == alpha.JobId);
        Assert.Equal((long)betaJobs.Items.Count, betaJobs.Total);
        Assert.Equal(0, betaSucceeded.Total); // the count past the last page is the tenant's too

        var alphaModels = (await alpha.Owner.GetFromJsonAsync<ModelListResponse>("/api/models?limit=500", ApiClient.Json))!;
        var betaModels = (await beta.GetFromJsonAsync<ModelListResponse>("/api/models?limit=500", ApiClient.Json))!;
        Assert.Contains(alphaModels.Items, m => m.Id == alpha.ModelId);
        Assert.DoesNotContain(betaModels.Items, m => m.Id == alpha.ModelId);
    }

    [Fact]
    public async Task A_job_on_another_tenants_dataset_is_refused_as_if_the_dataset_did_not_exist()
    {
        var alpha = await service.AlphaJobAsync();
        var (beta, _) = await service.TenantAsync("beta");

        var foreign = await (await beta.PostJobAsync(new { datasetId = alpha.DatasetId })).ShouldBeProblem(HttpStatusCode.BadRequest);
        var missing = await (await beta.PostJobAsync(new { datasetId = Guid.Empty })).ShouldBeProblem(HttpStatusCode.BadRequest);

        Assert.Equal(
            missing["errors"]!["datasetId"]!.ToJsonString().Replace(Guid.Empty.ToString(), "ID"),
            foreign["errors"]!["datasetId"]!.ToJsonString().Replace(alpha.DatasetId.ToString(), "ID"));
        var betaJobs = (await beta.GetFromJsonAsync<JobListResponse>("/api/jobs?limit=500", ApiClient.Json))!;
        Assert.DoesNotContain(betaJobs.Items, j => j.DatasetId == alpha.DatasetId);
    }

    [Fact]
    public async Task The_same_idempotency_key_from_two_tenants_creates_two_datasets()
    {
        var (alpha, _) = await service.TenantAsync("alpha");
        var (beta, _) = await service.TenantAsync("beta");
        var csv = CsvFiles.Blobs(perCluster: 4, clusters: 2, dims: 3);

        var first = await UploadWithKey(alpha, csv, "shared-key-1");
        var second = await UploadWithKey(beta, csv, "shared-key-1");
        var retry = await UploadWithKey(alpha, csv, "shared-key-1");

        await first.ShouldHaveStatus(HttpStatusCode.Created);
        await second.ShouldHaveStatus(HttpStatusCode.Created);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        var alphaDataset = (await first.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
        var betaDataset = (await second.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
        Assert.NotEqual(alphaDataset.Id, betaDataset.Id);
        await (await beta.GetAsync($"/api/datasets/{betaDataset.Id}")).ShouldHaveStatus(HttpStatusCode.OK);
        // The owner's retry is still answered from its own first response.
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(alphaDataset.Id, (await retry.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!.Id);
    }

    private static Task<HttpResponseMessage> UploadWithKey(HttpClient client, string csv, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/datasets")
        {
            Content = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "data.csv" },
                { new StringContent("idempotent"), "name" },
                { new StringContent("item"), "idColumn" },
                { new StringContent("species"), "labelColumn" },
            },
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string url, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body == "csv")
            request.Content = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.UTF8.GetBytes("item,f0,f1,f2,f3,f4,f5\na,0,0,0,0,0,0\n")), "file", "rows.csv" },
                { new StringContent("item"), "idColumn" },
            };
        else if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }
}
