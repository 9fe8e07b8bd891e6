using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Security;

/// <summary>GET /api/admin/audit: every admin action recorded with who, what and when.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AuditTests(SecurityFixture service)
{
    private static readonly string AdminActor =
        "admin-key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SecurityFixture.AdminKey)))[..8];

    private async Task<JsonArray> EntriesAsync(int limit = 500, int offset = 0) =>
        (await service.Admin().GetFromJsonAsync<JsonObject>($"/api/admin/audit?limit={limit}&offset={offset}", ApiClient.Json))!["items"]!.AsArray();

    [Fact]
    public async Task Each_admin_action_writes_one_entry_naming_the_admin_key_the_action_and_its_target()
    {
        var startedAt = DateTimeOffset.UtcNow.AddSeconds(-5);
        var admin = service.Admin();
        await (await admin.PostAsJsonAsync("/api/admin/tenants", new { name = "audited" }, ApiClient.Json)).ShouldHaveStatus(HttpStatusCode.Created);
        var tenantId = await service.TenantIdAsync("audited");
        var (_, key) = await service.TenantAsync("audited");
        await (await admin.PutAsJsonAsync($"/api/admin/tenants/{tenantId}/quotas", new { concurrentJobs = 3 }, ApiClient.Json)).ShouldHaveStatus(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"/api/admin/keys/{key.Id}")).ShouldHaveStatus(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"/api/admin/tenants/{tenantId}")).ShouldHaveStatus(HttpStatusCode.NoContent);
        // A refused action changes nothing and records nothing.
        var unknownKey = Guid.NewGuid();
        await (await admin.DeleteAsync($"/api/admin/keys/{unknownKey}")).ShouldHaveStatus(HttpStatusCode.NotFound);

        var entries = (await EntriesAsync()).Select(e => e!.AsObject()).ToList();
        JsonObject Entry(string action, string target) => Assert.Single(entries, e => (string?)e["action"] == action && (string?)e["target"] == target);
        var created = Entry("tenant.create", $"tenant:{tenantId}");
        Assert.Equal("audited", (string?)created["detail"]!["name"]);
        Assert.Equal("audited", (string?)Entry("key.create", $"key:{key.Id}")["detail"]!["tenant"]);
        Assert.Equal(3, (int)Entry("quotas.set", $"tenant:{tenantId}")["detail"]!["quotas"]!["concurrentJobs"]!);
        Entry("key.revoke", $"key:{key.Id}");
        Entry("tenant.delete", $"tenant:{tenantId}");
        foreach (var entry in entries.Where(e => ((string?)e["target"])?.EndsWith(tenantId.ToString()) == true || ((string?)e["target"])?.EndsWith(key.Id.ToString()) == true))
        {
            Assert.Equal(AdminActor, (string?)entry["actor"]);
            Assert.True(entry["at"]!.GetValue<DateTimeOffset>() >= startedAt);
        }
        Assert.DoesNotContain(SecurityFixture.AdminKey, entries.Select(e => e.ToJsonString()).Aggregate("", string.Concat));
        Assert.DoesNotContain(entries, e => (string?)e["target"] == $"key:{unknownKey}");
    }

    [Fact]
    public async Task The_log_is_paged_newest_first_with_the_list_parameters_checked_and_for_the_admin_only()
    {
        for (int i = 0; i < 3; i++)
            await (await service.Admin().PostAsJsonAsync("/api/admin/tenants", new { name = $"paged-{i}" }, ApiClient.Json)).ShouldHaveStatus(HttpStatusCode.Created);

        var page = (await service.Admin().GetFromJsonAsync<JsonObject>("/api/admin/audit?limit=2", ApiClient.Json))!;
        var first = page["items"]!.AsArray();
        Assert.Equal(2, first.Count);
        Assert.True((long)page["total"]! >= 3);
        var second = await EntriesAsync(limit: 2, offset: 2);
        var ids = first.Concat(second).Select(e => (long)e!["id"]!).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal("paged-2", (string?)first[0]!["detail"]!["name"]);

        var tooMany = await (await service.Admin().GetAsync("/api/admin/audit?limit=501")).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("between 1 and 500", tooMany["errors"]!["limit"]![0]!.GetValue<string>());
        await (await service.Admin().GetAsync("/api/admin/audit?offset=-1")).ShouldBeProblem(HttpStatusCode.BadRequest);
        var (tenant, _) = await service.TenantAsync("audit-reader");
        await (await tenant.GetAsync("/api/admin/audit")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await service.Anonymous().GetAsync("/api/admin/audit")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }
}
