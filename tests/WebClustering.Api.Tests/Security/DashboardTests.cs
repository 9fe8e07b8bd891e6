using System.Net;
using System.Net.Http.Headers;
using System.Text;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Security;

/// <summary>The Hangfire dashboard outside Development: the admin key only, as a Basic password or in X-Api-Key.</summary>
[Collection(SecurityCollection.Name)]
public sealed class DashboardTests(SecurityFixture service)
{
    [Fact]
    public async Task Without_the_admin_key_the_dashboard_answers_401_with_a_basic_challenge()
    {
        var response = await service.Anonymous().GetAsync("/hangfire");

        await response.ShouldHaveStatus(HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync()); // none of the dashboard
    }

    [Fact]
    public async Task A_wrong_password_or_a_tenants_key_is_refused()
    {
        var wrong = service.Anonymous();
        wrong.DefaultRequestHeaders.Authorization = Basic("admin", "not-the-admin-key-at-all");
        await (await wrong.GetAsync("/hangfire")).ShouldHaveStatus(HttpStatusCode.Unauthorized);

        var (tenant, _) = await service.TenantAsync("dashboard-tenant");
        var refused = await tenant.GetAsync("/hangfire");
        await refused.ShouldHaveStatus(HttpStatusCode.Unauthorized);
        Assert.Contains(refused.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task The_admin_key_opens_it_as_a_basic_password_or_in_X_Api_Key()
    {
        var basic = service.Anonymous();
        basic.DefaultRequestHeaders.Authorization = Basic("anyone", SecurityFixture.AdminKey);
        var page = await basic.GetAsync("/hangfire");
        await page.ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Contains("Hangfire", await page.Content.ReadAsStringAsync());

        await (await service.Admin().GetAsync("/hangfire/jobs/enqueued")).ShouldHaveStatus(HttpStatusCode.OK);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
