using System.Net;
using Microsoft.AspNetCore.Hosting;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Security;

/// <summary>The API only (no worker) with a tiny token bucket per key: 3 requests, then one more per hour.</summary>
public sealed class RateLimitFixture : SecurityFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("WebClustering:Roles", "Api");
        builder.UseSetting("WebClustering:Auth:RateLimit:TokenLimit", "3");
        builder.UseSetting("WebClustering:Auth:RateLimit:TokensPerPeriod", "1");
        builder.UseSetting("WebClustering:Auth:RateLimit:ReplenishmentPeriod", "01:00:00");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RateLimitCollection : ICollectionFixture<RateLimitFixture>
{
    public const string Name = "RateLimit";
}

[Collection(RateLimitCollection.Name)]
public sealed class RateLimitTests(RateLimitFixture service)
{
    [Fact]
    public async Task Beyond_its_limit_a_key_gets_429_with_Retry_After_and_other_keys_are_unaffected()
    {
        var (first, _) = await service.TenantAsync("limited");
        var (second, _) = await service.TenantAsync("limited"); // same tenant, its own key and bucket

        for (int i = 0; i < 3; i++) await (await first.GetAsync("/api/jobs")).ShouldHaveStatus(HttpStatusCode.OK);
        var refused = await first.GetAsync("/api/jobs");

        var problem = await refused.ShouldBeProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many requests.", (string?)problem["title"]);
        Assert.Contains("Retry after", (string?)problem["detail"]);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        await (await second.GetAsync("/api/jobs")).ShouldHaveStatus(HttpStatusCode.OK);
    }
}
