using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using WebClustering.Api.Jobs;
using WebClustering.Api.Quotas;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Api.Tests.Registry;

namespace WebClustering.Api.Tests.Security;

/// <summary>Each tenant quota refused with its status and a ProblemDetails naming the quota, its limit and the use.</summary>
[Collection(SecurityCollection.Name)]
public sealed class QuotaTests(SecurityFixture service)
{
    private async Task<HttpClient> TenantWithQuotasAsync(string tenant, object quotas)
    {
        var (client, _) = await service.TenantAsync(tenant);
        var id = await service.TenantIdAsync(tenant);
        await (await service.Admin().PutAsJsonAsync($"/api/admin/tenants/{id}/quotas", quotas, ApiClient.Json)).ShouldHaveStatus(HttpStatusCode.OK);
        return client;
    }

    private static async Task<JsonObject> ShouldBeQuota(HttpResponseMessage response, HttpStatusCode status, string quota, long limit)
    {
        var problem = await response.ShouldBeProblem(status);
        Assert.Equal($"Quota exceeded: {quota}.", (string?)problem["title"]);
        Assert.Equal(quota, (string?)problem["quota"]);
        Assert.Equal(limit, (long)problem["limit"]!);
        return problem;
    }

    private static string Csv(int rows) => "a,b\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},{i * 0.5}\n"));

    [Fact]
    public async Task Of_simultaneous_jobs_past_the_concurrent_jobs_quota_one_is_queued_and_the_others_get_429_until_it_ends()
    {
        var client = await TenantWithQuotasAsync("quota-jobs", new { concurrentJobs = 1 });
        var dataset = await client.CreateDatasetAsync(Csv(40));
        var longJob = new { datasetId = dataset.Id, training = new { epochs = 100_000 } };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostJobAsync(longJob)));

        var accepted = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        var firstId = (await accepted.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id;
        foreach (var refused in responses.Where(r => r != accepted))
            Assert.Equal(1L, (long)(await ShouldBeQuota(refused, HttpStatusCode.TooManyRequests, QuotaNames.ConcurrentJobs, 1))["used"]!);

        await (await client.PostAsync($"/api/jobs/{firstId}/cancel", null)).ShouldHaveStatus(HttpStatusCode.OK);
        var second = await client.PostJobAsync(longJob);
        await second.ShouldHaveStatus(HttpStatusCode.Accepted);
        await client.PostAsync($"/api/jobs/{(await second.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id}/cancel", null);
    }

    [Fact]
    public async Task An_encoding_job_counts_against_the_concurrent_jobs_quota_like_any_job()
    {
        var (client, _) = await service.TenantAsync("quota-encodings");
        var model = await client.TrainedModelAsync(RegistryClient.QuickJob((await client.NamedDatasetAsync(RegistryClient.UniqueName("quota"))).Id));
        var items = await client.NamedDatasetAsync(RegistryClient.UniqueName("quota-items"));
        var id = await service.TenantIdAsync("quota-encodings");
        await (await service.Admin().PutAsJsonAsync($"/api/admin/tenants/{id}/quotas", new { concurrentJobs = 1 }, ApiClient.Json)).ShouldHaveStatus(HttpStatusCode.OK);
        var running = (await (await client.PostJobAsync(new { datasetId = items.Id, training = new { epochs = 100_000 } }))
            .Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;

        var refused = await client.PostAsJsonAsync($"/api/models/{model.Id}/encodings", new { datasetId = items.Id }, ApiClient.Json);
        Assert.Equal(1L, (long)(await ShouldBeQuota(refused, HttpStatusCode.TooManyRequests, QuotaNames.ConcurrentJobs, 1))["used"]!);

        await (await client.PostAsync($"/api/jobs/{running.Id}/cancel", null)).ShouldHaveStatus(HttpStatusCode.OK);
        var accepted = await client.PostAsJsonAsync($"/api/models/{model.Id}/encodings", new { datasetId = items.Id }, ApiClient.Json);
        await accepted.ShouldHaveStatus(HttpStatusCode.Accepted);
        var encoding = (await accepted.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
        Assert.Equal("succeeded", (await client.WaitForJobAsync(encoding.Id, TimeSpan.FromMinutes(2))).State);
    }

    [Fact]
    public async Task An_upload_past_the_upload_quota_gets_413_whether_its_length_is_declared_or_not()
    {
        var client = await TenantWithQuotasAsync("quota-upload", new { uploadBytes = 2000 });
        await client.CreateDatasetAsync(Csv(10)); // well under 2,000 bytes with the form around it

        var declared = await ShouldBeQuota(await client.UploadCsvAsync(Csv(400)), HttpStatusCode.RequestEntityTooLarge, QuotaNames.UploadBytes, 2000);
        Assert.True((long)declared["used"]! > 2000);

        var form = new MultipartFormDataContent
        {
            { new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Csv(400)))), "file", "big.csv" },
            { new StringContent("big"), "name" },
        };
        var chunked = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/datasets") { Content = new ChunkedContent(form) });
        await ShouldBeQuota(chunked, HttpStatusCode.RequestEntityTooLarge, QuotaNames.UploadBytes, 2000);
        var datasets = (await client.GetFromJsonAsync<JsonObject>("/api/datasets", ApiClient.Json))!;
        Assert.Single(datasets["items"]!.AsArray());
    }

    [Fact]
    public async Task Uploads_and_jobs_past_the_stored_rows_quota_get_403_naming_the_use()
    {
        var client = await TenantWithQuotasAsync("quota-rows", new { storedRows = 30 });
        var dataset = await client.CreateDatasetAsync(Csv(40)); // the upload that crosses the limit is kept

        var upload = await ShouldBeQuota(await client.UploadCsvAsync(Csv(5)), HttpStatusCode.Forbidden, QuotaNames.StoredRows, 30);
        Assert.Equal(40L, (long)upload["used"]!);
        await ShouldBeQuota(await client.PostJobAsync(new { datasetId = dataset.Id }), HttpStatusCode.Forbidden, QuotaNames.StoredRows, 30);

        // Deleting makes room again.
        await (await client.DeleteAsync($"/api/datasets/{dataset.Id}")).ShouldHaveStatus(HttpStatusCode.NoContent);
        await client.CreateDatasetAsync(Csv(5));
    }

    [Fact]
    public async Task Uploads_past_the_stored_bytes_quota_get_403_and_the_admin_sees_limits_and_use()
    {
        var client = await TenantWithQuotasAsync("quota-bytes", new { storedBytes = 1000 });
        await client.CreateDatasetAsync(Csv(100));

        var problem = await ShouldBeQuota(await client.UploadCsvAsync(Csv(5)), HttpStatusCode.Forbidden, QuotaNames.StoredBytes, 1000);
        var used = (long)problem["used"]!;
        Assert.True(used > 1000, $"used {used}");

        var id = await service.TenantIdAsync("quota-bytes");
        var quotas = (await service.Admin().GetFromJsonAsync<JsonObject>($"/api/admin/tenants/{id}/quotas", ApiClient.Json))!;
        Assert.Equal(1000L, (long)quotas["limits"]!["storedBytes"]!);
        Assert.Equal(50L, (long)quotas["limits"]!["concurrentJobs"]!); // the service's default
        Assert.Null(quotas["overrides"]!["concurrentJobs"]);
        Assert.Equal(used, (long)quotas["usage"]!["storedBytes"]!);
        Assert.Equal(100L, (long)quotas["usage"]!["storedRows"]!);

        var invalid = await (await service.Admin().PutAsJsonAsync($"/api/admin/tenants/{id}/quotas", new { storedRows = -1 }, ApiClient.Json))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["storedRows"]);
        // 0 is unlimited: the same upload goes through.
        await (await service.Admin().PutAsJsonAsync($"/api/admin/tenants/{id}/quotas", new { storedBytes = 0 }, ApiClient.Json)).ShouldHaveStatus(HttpStatusCode.OK);
        await client.CreateDatasetAsync(Csv(5));
    }
}
