using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WebClustering.Api.Tenants;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class ApiKeyTests(SecurityFixture service)
{
    [Fact]
    public void Anonymous_mode_is_off_unless_configured()
    {
        Assert.False(new AuthOptions().AllowAnonymous);
    }

    [Theory]
    [InlineData("/api/jobs")]
    [InlineData("/api/datasets")]
    [InlineData("/api/models")]
    [InlineData("/api/jobs/0196b3a0-0000-7000-8000-000000000000")]
    public async Task A_request_without_a_key_gets_401_with_a_problem_saying_so(string url)
    {
        var response = await service.Anonymous().GetAsync(url);

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("An API key is required.", (string?)problem["title"]);
        Assert.Contains("X-Api-Key", (string?)problem["detail"]);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
    }

    [Fact]
    public async Task A_key_nobody_issued_gets_401()
    {
        var problem = await (await service.WithKey(ApiKeys.Generate()).GetAsync("/api/jobs")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("The API key is not valid.", (string?)problem["title"]);
        await (await service.WithKey(new string('x', 5000)).GetAsync("/api/jobs")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_works_in_X_Api_Key_and_as_a_bearer_token()
    {
        var (client, key) = await service.TenantAsync("gamma");
        await (await client.GetAsync("/api/jobs")).ShouldHaveStatus(HttpStatusCode.OK);

        var bearer = service.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        await (await bearer.GetAsync("/api/datasets")).ShouldHaveStatus(HttpStatusCode.OK);
        Assert.StartsWith(ApiKeys.Marker, key.Key);
        Assert.Equal(key.Key[..ApiKeys.PrefixLength], key.Prefix);
    }

    [Fact]
    public async Task A_revoked_key_gets_401_at_once_and_the_listing_shows_when_it_was_revoked()
    {
        var (client, key) = await service.TenantAsync("delta");
        await (await client.GetAsync("/api/jobs")).ShouldHaveStatus(HttpStatusCode.OK);

        await (await service.Admin().DeleteAsync($"/api/admin/keys/{key.Id}")).ShouldHaveStatus(HttpStatusCode.NoContent);

        var problem = await (await client.GetAsync("/api/jobs")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("The API key has been revoked.", (string?)problem["title"]);
        var listed = (await service.Admin().GetFromJsonAsync<JsonArray>("/api/admin/keys?tenant=delta"))!;
        var entry = listed.Single(k => (string?)k!["id"] == key.Id.ToString())!;
        Assert.NotNull((string?)entry["revokedAt"]);
        Assert.Equal(key.Prefix, (string?)entry["prefix"]);
        Assert.Null(entry["key"]); // shown once, on creation, never again
        Assert.DoesNotContain(key.Key, listed.ToJsonString());
        // Other keys of the tenant keep working.
        var (other, _) = await service.TenantAsync("delta");
        await (await other.GetAsync("/api/jobs")).ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("GET", "/api/admin/keys")]
    [InlineData("GET", "/api/admin/tenants")]
    [InlineData("POST", "/api/admin/keys")]
    [InlineData("POST", "/api/admin/tenants")]
    [InlineData("DELETE", "/api/admin/keys/0196b3a0-0000-7000-8000-000000000000")]
    public async Task Admin_endpoints_refuse_tenants_keys_with_403_and_keyless_requests_with_401(string method, string url)
    {
        var (tenant, _) = await service.TenantAsync("epsilon");
        HttpRequestMessage Request() => new(new HttpMethod(method), url)
        {
            Content = method == "POST" ? JsonContent.Create(new { tenant = "intruder", name = "intruder" }) : null,
        };

        var forbidden = await (await tenant.SendAsync(Request())).ShouldBeProblem(HttpStatusCode.Forbidden);
        Assert.Equal("This endpoint needs the admin key.", (string?)forbidden["title"]);
        await (await service.Anonymous().SendAsync(Request())).ShouldBeProblem(HttpStatusCode.Unauthorized);
        var tenants = (await service.Admin().GetFromJsonAsync<JsonArray>("/api/admin/tenants"))!;
        Assert.DoesNotContain(tenants, t => (string?)t!["name"] == "intruder");
    }

    [Fact]
    public async Task The_admin_key_belongs_to_no_tenant()
    {
        var problem = await (await service.Admin().GetAsync("/api/jobs")).ShouldBeProblem(HttpStatusCode.Forbidden);
        Assert.Equal("The admin key belongs to no tenant.", (string?)problem["title"]);
    }

    [Fact]
    public async Task The_admin_creates_tenants_once_and_refuses_bad_names_and_unknown_keys()
    {
        var admin = service.Admin();
        var created = await admin.PostAsJsonAsync("/api/admin/tenants", new { name = "zeta" });
        await created.ShouldHaveStatus(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/admin/tenants", new { name = "zeta" })).ShouldBeProblem(HttpStatusCode.Conflict);
        var bad = await (await admin.PostAsJsonAsync("/api/admin/tenants", new { name = "../zeta" })).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["name"]);
        var badKey = await (await admin.PostAsJsonAsync("/api/admin/keys", new { tenant = "" })).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(badKey["errors"]!["tenant"]);
        await (await admin.DeleteAsync($"/api/admin/keys/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);

        var key = await admin.PostAsJsonAsync("/api/admin/keys", new { tenant = "zeta" });
        var body = (await key.Content.ReadFromJsonAsync<CreatedKeyResponse>(ApiClient.Json))!;
        Assert.False(body.TenantCreated);
        Assert.Equal("zeta", body.Tenant);
    }

    [Fact]
    public async Task Pages_Swagger_and_health_need_no_key_and_Swagger_UI_can_send_one()
    {
        var client = service.Anonymous();
        await (await client.GetAsync("/")).ShouldHaveStatus(HttpStatusCode.OK);
        await (await client.GetAsync("/swagger/index.html")).ShouldHaveStatus(HttpStatusCode.OK);
        await (await client.GetAsync("/health/live")).ShouldHaveStatus(HttpStatusCode.OK);

        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", (string?)scheme["type"]);
        Assert.Equal("header", (string?)scheme["in"]);
        Assert.Equal("X-Api-Key", (string?)scheme["name"]);
        Assert.Contains(document["security"]!.AsArray(), requirement => requirement!.AsObject().ContainsKey("ApiKey"));
    }
}
