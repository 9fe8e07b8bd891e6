using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using WebClustering.Api.Registry;
using WebClustering.Api.Tenants;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Security;

/// <summary>
/// The service as in production: the Production environment (no appsettings.Development.json), anonymous mode off
/// (the code's default; ServiceFixture turns it on) so every API request needs a key, and an admin key.
/// </summary>
public class SecurityFixture : ServiceFixture
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";
    public const string ScrapeKey = "test-scrape-key-0123456789abcdef";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("WebClustering:Auth:AllowAnonymous", "false");
        builder.UseSetting("WebClustering:Auth:AdminKey", AdminKey);
        builder.UseSetting("WebClustering:Metrics:ScrapeKey", ScrapeKey);
    }

    /// <summary>A client without any key.</summary>
    public HttpClient Anonymous() => CreateClient();

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        return client;
    }

    public HttpClient Admin() => WithKey(AdminKey);

    /// <summary>A new key of the tenant (created on first use) through the admin endpoint, and a client sending it.</summary>
    public async Task<(HttpClient Client, CreatedKeyResponse Key)> TenantAsync(string tenant)
    {
        var response = await Admin().PostAsJsonAsync("/api/admin/keys", new { tenant, name = "tests" }, ApiClient.Json);
        await response.ShouldHaveStatus(HttpStatusCode.Created);
        var key = (await response.Content.ReadFromJsonAsync<CreatedKeyResponse>(ApiClient.Json))!;
        return (WithKey(key.Key), key);
    }

    /// <summary>The id of the tenant of that name, as the admin API lists it.</summary>
    public async Task<Guid> TenantIdAsync(string tenant)
    {
        var tenants = (await Admin().GetFromJsonAsync<TenantResponse[]>("/api/admin/tenants", ApiClient.Json))!;
        return tenants.Single(t => t.Name == tenant).Id;
    }

    private Task<OwnedJob>? alphaJob;

    /// <summary>A small job trained by tenant "alpha", with its model: what the isolation tests try to reach as another tenant.</summary>
    public Task<OwnedJob> AlphaJobAsync() => alphaJob ??= TrainAlphaAsync();

    private async Task<OwnedJob> TrainAlphaAsync()
    {
        var (client, key) = await TenantAsync("alpha");
        var trained = await TrainedJob.TrainAsync(client, CsvFiles.Blobs(perCluster: 20, clusters: 3, dims: 6), epochs: 5, latentDim: 2);
        var models = (await client.GetFromJsonAsync<ModelListResponse>("/api/models", ApiClient.Json))!;
        return new OwnedJob(client, key.Key, trained, models.Items.Single(m => m.JobId == trained.Job.Id));
    }
}

public sealed record OwnedJob(HttpClient Owner, string Key, TrainedJob Trained, ModelResponse Model)
{
    public Guid JobId => Trained.Job.Id;
    public Guid DatasetId => Trained.Dataset.Id;
    public Guid ModelId => Model.Id;
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "Security";
}
