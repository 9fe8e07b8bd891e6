using System.Text.RegularExpressions;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tenants;

/// <summary>A key just created: the only time the key itself is known.</summary>
public sealed record CreatedKey(ApiKeyRecord Record, string Key, bool TenantCreated);

/// <summary>Creating tenants and keys, shared by the admin endpoints and the command line.</summary>
public sealed partial class TenantKeys(TenantStore store)
{
    /// <summary>Why a tenant name is refused, or null when it is fine: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public static string? CheckTenantName(string? name) =>
        name is not null && TenantName().IsMatch(name)
            ? null
            : "A tenant name has 1 to 64 letters, digits, '.', '_' or '-', and starts with a letter or digit.";

    public static string? CheckKeyName(string? name) =>
        name is null || name.Length <= 200 ? null : "A key's name has at most 200 characters.";

    /// <summary>Creates a key for the tenant, and the tenant first when it does not exist yet, with the audit entry: all or nothing.</summary>
    public async Task<CreatedKey> CreateKeyAsync(string tenantName, string? keyName, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        var key = ApiKeys.Generate();
        var (record, created) = await store.CreateKeyAsync(tenantName, keyName, ApiKeys.PrefixOf(key), ApiKeys.Hash(key), audit, cancellationToken);
        return new CreatedKey(record, key, created);
    }

    public Task<(TenantRecord Tenant, bool Created)> CreateTenantAsync(string name, AuditEntry? audit, CancellationToken cancellationToken = default) =>
        store.EnsureTenantAsync(name, audit, cancellationToken);

    public Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        store.ListTenantsAsync(cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string? tenantName, CancellationToken cancellationToken = default) =>
        store.ListKeysAsync(tenantName, cancellationToken);

    public Task<ApiKeyRecord?> RevokeKeyAsync(Guid id, AuditEntry? audit, CancellationToken cancellationToken = default) =>
        store.RevokeKeyAsync(id, audit, cancellationToken);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex TenantName();
}
