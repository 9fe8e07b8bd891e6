using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using WebClustering.Api.Tenants;

namespace WebClustering.Api.Tests.Security;

/// <summary>
/// Guards new endpoints too: every /api endpoint needs the tenant or admin policy, and every id in an /api URL is
/// one that <see cref="TenantGate"/> checks, so no endpoint can be added that reads another tenant's data by id.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class EndpointCoverageTests(SecurityFixture service)
{
    private IReadOnlyList<RouteEndpoint> ApiEndpoints()
    {
        _ = service.Server; // the host is built
        return service.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();
    }

    [Fact]
    public void Every_api_endpoint_requires_a_tenant_or_the_admin_key()
    {
        var endpoints = ApiEndpoints();
        Assert.True(endpoints.Count > 30, $"Only {endpoints.Count} /api endpoints found.");
        var open = endpoints
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is TenancySetup.TenantPolicy or TenancySetup.AdminPolicy))
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(open.Count == 0, $"Endpoints without the tenant or admin policy: {string.Join(", ", open)}");
        var admin = endpoints.Where(e => e.RoutePattern.RawText!.Contains("/admin/")).ToList();
        Assert.NotEmpty(admin);
        Assert.All(admin, e => Assert.Contains(e.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == TenancySetup.AdminPolicy));
    }

    [Fact]
    public void Every_id_in_an_api_url_outside_admin_is_a_dataset_job_or_model_that_the_gate_checks()
    {
        var unguarded = new List<string>();
        int guarded = 0;
        foreach (var endpoint in ApiEndpoints().Where(e => !e.RoutePattern.RawText!.Contains("/admin/")))
        {
            var pattern = endpoint.RoutePattern;
            bool isGuarded = TenantGate.GuardedResource(pattern) is not null;
            if (isGuarded) guarded++;
            // Any parameter that could name a stored thing: guid-constrained ones, and anything in the id position.
            var ids = pattern.Parameters.Where(p => p.ParameterPolicies.Any(policy => policy.Content == "guid") || p.Name == "id");
            foreach (var parameter in ids)
                if (!isGuarded || parameter.Name != "id" || !IsThirdSegment(pattern, parameter))
                    unguarded.Add($"{pattern.RawText} ({parameter.Name})");
        }
        Assert.True(unguarded.Count == 0, $"Ids the tenant gate does not check: {string.Join(", ", unguarded)}");
        Assert.True(guarded >= 20, $"Only {guarded} endpoints are behind the gate.");
    }

    private static bool IsThirdSegment(RoutePattern pattern, RoutePatternParameterPart parameter) =>
        pattern.PathSegments.Count > 2 && pattern.PathSegments[2].Parts.Contains(parameter);
}
