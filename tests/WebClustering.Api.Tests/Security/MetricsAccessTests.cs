using System.Net;
using System.Net.Http.Headers;
using WebClustering.Api.Operations;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Security;

/// <summary>/metrics outside Development: only with the scrape key; per-tenant series labelled by tenant.</summary>
[Collection(SecurityCollection.Name)]
public sealed class MetricsAccessTests(SecurityFixture service)
{
    [Fact]
    public async Task Metrics_without_the_scrape_key_or_with_another_key_get_401()
    {
        var missing = await (await service.Anonymous().GetAsync("/metrics")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("A scrape key is required.", (string?)missing["title"]);
        Assert.Contains(ScrapeKeyGate.Header, (string?)missing["detail"]);

        var wrong = service.Anonymous();
        wrong.DefaultRequestHeaders.Add(ScrapeKeyGate.Header, "not-the-scrape-key-0123456789");
        Assert.Equal("The scrape key is not valid.", (string?)(await (await wrong.GetAsync("/metrics")).ShouldBeProblem(HttpStatusCode.Unauthorized))["title"]);
        // Neither the admin key nor a tenant's key opens /metrics.
        await (await service.Admin().GetAsync("/metrics")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        var adminBearer = service.Anonymous();
        adminBearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SecurityFixture.AdminKey);
        await (await adminBearer.GetAsync("/metrics")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_scrape_key_as_header_or_bearer_token_reads_series_labelled_by_tenant()
    {
        await service.AlphaJobAsync(); // a tenant with a succeeded job and stored rows

        var header = service.Anonymous();
        header.DefaultRequestHeaders.Add(ScrapeKeyGate.Header, SecurityFixture.ScrapeKey);
        var text = await header.GetStringAsync("/metrics");
        var bearer = service.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SecurityFixture.ScrapeKey);
        await (await bearer.GetAsync("/metrics")).ShouldHaveStatus(HttpStatusCode.OK);

        Assert.Matches(@"webclustering_tenant_jobs\{tenant=""alpha"",state=""succeeded""\} [1-9]", text);
        Assert.Matches(@"webclustering_tenant_stored_bytes\{tenant=""alpha""\} [1-9]", text);
        Assert.Matches(@"webclustering_tenant_stored_rows\{tenant=""alpha""\} [1-9]", text);
        Assert.Matches(@"webclustering_tenant_jobs\{tenant=""default"",state=""running""\} 0", text);
    }
}
