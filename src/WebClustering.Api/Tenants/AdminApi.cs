using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.OpenApi;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tenants;

public sealed record CreateTenantRequest(string Name);

public sealed record TenantResponse(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <param name="Tenant">The tenant's name; the tenant is created when it does not exist yet.</param>
/// <param name="Name">A label for people, e.g. the client that will use the key (optional).</param>
public sealed record CreateKeyRequest(string Tenant, string? Name = null);

/// <param name="Prefix">The key's first characters, to tell keys apart; the key itself is never shown again.</param>
public sealed record ApiKeyResponse(Guid Id, string Tenant, string? Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <param name="Key">The key: send it as X-Api-Key. Shown only in this response; only its hash is stored.</param>
public sealed record CreatedKeyResponse(Guid Id, string Tenant, string? Name, string Prefix, string Key, DateTimeOffset CreatedAt, bool TenantCreated);

/// <summary>Tenants and API keys, for the admin key only (WebClustering:Auth:AdminKey).</summary>
public static class AdminApi
{
    public static WebApplication MapAdminApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin")
            .RequireAuthorization(TenancySetup.AdminPolicy)
            .RequireRateLimiting(KeyRateLimits.Policy);
        group.MapPost("/tenants", CreateTenant)
            .WithSummary("Create a tenant")
            .WithRequestExample("""{ "name": "acme" }""")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/tenants", ListTenants).WithSummary("List tenants");
        group.MapPost("/keys", CreateKey)
            .WithSummary("Create an API key for a tenant")
            .WithRequestExample("""{ "tenant": "acme", "name": "billing" }""")
            .WithDescription("The response holds the key itself, shown only this once. The tenant is created when it does not exist yet.")
            .ProducesValidationProblem();
        group.MapGet("/keys", ListKeys).WithSummary("List API keys (prefixes, never the keys), optionally of one tenant");
        group.MapDelete("/keys/{id:guid}", RevokeKey)
            .WithSummary("Revoke an API key")
            .WithDescription("Requests with the key are refused with 401 from then on (in other processes of the service within WebClustering:Auth:KeyCacheDuration, 10 s by default).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapTenantAdminApi();
        return app;
    }

    private static async Task<Results<Created<TenantResponse>, ValidationProblem, ProblemHttpResult>> CreateTenant(
        CreateTenantRequest request, TenantKeys tenants, AdminActor actor, HttpContext context, CancellationToken cancellationToken)
    {
        if (TenantKeys.CheckTenantName(request.Name) is { } problem) return Invalid("name", problem);
        var (tenant, created) = await tenants.CreateTenantAsync(request.Name, actor.For(context, "tenant.create"), cancellationToken);
        if (!created)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The tenant exists.",
                detail: $"There is already a tenant named '{request.Name}'.");
        return TypedResults.Created("/api/admin/tenants", ToResponse(tenant));
    }

    private static async Task<Ok<TenantResponse[]>> ListTenants(TenantKeys tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok((await tenants.ListTenantsAsync(cancellationToken)).Select(ToResponse).ToArray());

    private static async Task<Results<Created<CreatedKeyResponse>, ValidationProblem>> CreateKey(CreateKeyRequest request,
        TenantKeys tenants, AdminActor actor, HttpContext context, CancellationToken cancellationToken)
    {
        if (TenantKeys.CheckTenantName(request.Tenant) is { } tenantProblem) return Invalid("tenant", tenantProblem);
        if (TenantKeys.CheckKeyName(request.Name) is { } nameProblem) return Invalid("name", nameProblem);
        var created = await tenants.CreateKeyAsync(request.Tenant, request.Name, actor.For(context, "key.create"), cancellationToken);
        var record = created.Record;
        return TypedResults.Created($"/api/admin/keys?tenant={Uri.EscapeDataString(record.TenantName)}", new CreatedKeyResponse(
            record.Id, record.TenantName, record.Name, record.Prefix, created.Key, record.CreatedAt, created.TenantCreated));
    }

    /// <param name="tenant">Only this tenant's keys (its name).</param>
    private static async Task<Ok<ApiKeyResponse[]>> ListKeys(TenantKeys tenants, CancellationToken cancellationToken, string? tenant = null) =>
        TypedResults.Ok((await tenants.ListKeysAsync(tenant, cancellationToken)).Select(ToResponse).ToArray());

    /// <param name="id">The key's id (not the key): from its creation or GET /api/admin/keys.</param>
    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(Guid id, TenantKeys tenants, ApiKeyResolver resolver,
        AdminActor actor, HttpContext context, CancellationToken cancellationToken)
    {
        if (await tenants.RevokeKeyAsync(id, actor.For(context, "key.revoke"), cancellationToken) is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "API key not found.",
                detail: $"There is no API key with id '{id}'.");
        resolver.Forget();
        return TypedResults.NoContent();
    }

    private static TenantResponse ToResponse(TenantRecord tenant) => new(tenant.Id, tenant.Name, tenant.CreatedAt);

    private static ApiKeyResponse ToResponse(ApiKeyRecord key) =>
        new(key.Id, key.TenantName, key.Name, key.Prefix, key.CreatedAt, key.RevokedAt);

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
