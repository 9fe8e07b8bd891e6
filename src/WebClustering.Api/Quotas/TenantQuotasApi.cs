using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.OpenApi;
using WebClustering.Api.Tenants;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Quotas;

/// <summary>A tenant's own quotas: null (or left out) takes the service's default (WebClustering:Quotas:*), 0 is unlimited.</summary>
public sealed record SetQuotasRequest(int? ConcurrentJobs = null, long? StoredBytes = null, long? StoredRows = null, long? UploadBytes = null);

/// <param name="Limits">The limits that apply (0: unlimited).</param>
/// <param name="Overrides">The tenant's own values; a quota missing here takes the service's default.</param>
/// <param name="Usage">What the tenant uses now.</param>
public sealed record TenantQuotasResponse(Guid TenantId, string Tenant, EffectiveQuotas Limits, SetQuotasRequest Overrides, QuotaUsage Usage);

/// <param name="ConcurrentJobs">Queued and running jobs.</param>
public sealed record QuotaUsage(long ConcurrentJobs, long StoredBytes, long StoredRows);

/// <summary>GET and PUT /api/admin/tenants/{id}/quotas.</summary>
public static class TenantQuotasApi
{
    public static RouteGroupBuilder MapTenantQuotasApi(this RouteGroupBuilder group)
    {
        group.MapGet("/tenants/{id:guid}/quotas", Get)
            .WithSummary("A tenant's quotas and what it uses")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/tenants/{id:guid}/quotas", Set)
            .WithSummary("Set a tenant's own quotas")
            .WithRequestExample("""{ "concurrentJobs": 5, "storedBytes": 10737418240, "storedRows": null, "uploadBytes": 104857600 }""")
            .WithDescription("Replaces the tenant's own values: a quota left out or null takes the service's default (WebClustering:Quotas:*); 0 is unlimited.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<TenantQuotasResponse>, ProblemHttpResult>> Get(Guid id, TenantStore tenants, QuotaStore store,
        TenantQuotas quotas, CancellationToken cancellationToken) =>
        await tenants.GetTenantAsync(id, cancellationToken) is { } tenant
            ? TypedResults.Ok(await ResponseAsync(tenant, store, quotas, cancellationToken))
            : TenantAdminApi.TenantNotFound(id);

    private static async Task<Results<Ok<TenantQuotasResponse>, ValidationProblem, ProblemHttpResult>> Set(Guid id, SetQuotasRequest request,
        TenantStore tenants, QuotaStore store, TenantQuotas quotas, AdminActor actor, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void NotNegative(string name, long? value)
        {
            if (value < 0) errors[name] = [$"{name} must be 0 (unlimited) or more, or null for the default (it is {value})."];
        }
        NotNegative(QuotaNames.ConcurrentJobs, request.ConcurrentJobs);
        NotNegative(QuotaNames.StoredBytes, request.StoredBytes);
        NotNegative(QuotaNames.StoredRows, request.StoredRows);
        NotNegative(QuotaNames.UploadBytes, request.UploadBytes);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await tenants.GetTenantAsync(id, cancellationToken) is not { } tenant) return TenantAdminApi.TenantNotFound(id);

        var overrides = new QuotaOverrides(request.ConcurrentJobs, request.StoredBytes, request.StoredRows, request.UploadBytes);
        await store.SetOverridesAsync(id, overrides, actor.For(context, "quotas.set", $"tenant:{id}", new { name = tenant.Name, quotas = request }),
            cancellationToken);
        return TypedResults.Ok(await ResponseAsync(tenant, store, quotas, cancellationToken));
    }

    private static async Task<TenantQuotasResponse> ResponseAsync(TenantRecord tenant, QuotaStore store, TenantQuotas quotas,
        CancellationToken cancellationToken)
    {
        var own = await store.GetOverridesAsync(tenant.Id, cancellationToken);
        var usage = await quotas.UsageAsync(tenant.Id, cancellationToken);
        return new TenantQuotasResponse(tenant.Id, tenant.Name, await quotas.LimitsAsync(tenant.Id, cancellationToken),
            new SetQuotasRequest(own.ConcurrentJobs, own.StoredBytes, own.StoredRows, own.UploadBytes),
            new QuotaUsage(usage.ActiveJobs, usage.StoredBytes, usage.StoredRows));
    }
}
