namespace WebClustering.Storage.Tenants;

public static class DefaultTenant
{
    /// <summary>The built-in tenant: rows written before tenants existed, and keyless requests in anonymous mode.</summary>
    public static readonly Guid Id = new("00000000-0000-0000-0000-000000000001");
    public const string Name = "default";
}

public sealed record TenantRecord(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <summary>An API key as stored: never the key itself, only its prefix and (elsewhere) its hash.</summary>
public sealed record ApiKeyRecord(Guid Id, Guid TenantId, string TenantName, string? Name, string Prefix,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>What a request's key resolves to: the key and its tenant, or the fact that it was revoked.</summary>
public sealed record KeyOwner(Guid KeyId, Guid TenantId, string TenantName, bool Revoked);

/// <summary>The resources that belong to a tenant and can be named by id in a URL.</summary>
public enum OwnedResource { Dataset, Job, Model }
