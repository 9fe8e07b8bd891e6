using System.Security.Claims;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tenants;

/// <summary>Who a request acts for, as claims set by <see cref="ApiKeyAuthenticationHandler"/>.</summary>
public static class TenantClaims
{
    public const string Tenant = "webclustering:tenant";
    public const string TenantName = "webclustering:tenant-name";
    public const string Key = "webclustering:key";
    public const string AdminRole = "admin";

    public static ClaimsPrincipal ForKey(KeyOwner owner) => Principal(
        new Claim(Tenant, owner.TenantId.ToString()), new Claim(TenantName, owner.TenantName), new Claim(Key, owner.KeyId.ToString()));

    /// <summary>A keyless request in anonymous mode: the default tenant, with no key to rate-limit by.</summary>
    public static ClaimsPrincipal Anonymous() => Principal(
        new Claim(Tenant, DefaultTenant.Id.ToString()), new Claim(TenantName, DefaultTenant.Name));

    /// <summary>The admin key: manages tenants and keys, and belongs to no tenant.</summary>
    public static ClaimsPrincipal Admin() => Principal(new Claim(ClaimTypes.Role, AdminRole), new Claim(Key, "admin"));

    /// <summary>The tenant the request acts for; only endpoints behind the tenant policy may ask.</summary>
    public static Guid TenantId(this ClaimsPrincipal user) => user.TenantIdOrNull()
        ?? throw new InvalidOperationException("The request has no tenant: the endpoint is missing the tenant policy.");

    public static Guid? TenantIdOrNull(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Tenant), out var id) ? id : null;

    private static ClaimsPrincipal Principal(params Claim[] claims) =>
        new(new ClaimsIdentity(claims, ApiKeyAuthenticationHandler.SchemeName));
}
