using System.Collections.Concurrent;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tenants;

/// <summary>
/// Answers whether a tenant owns a dataset, job or model. An owner never changes (ids are never reused), so owners
/// found are remembered: hot reads then cost no extra database round trip. Missing resources are not remembered.
/// </summary>
public sealed class TenantOwnership(OwnershipStore store)
{
    private const int MaxRemembered = 200_000;

    private readonly ConcurrentDictionary<(OwnedResource, Guid), Guid> owners = new();

    public async Task<bool> OwnsAsync(Guid tenantId, OwnedResource resource, Guid id, CancellationToken cancellationToken)
    {
        if (!owners.TryGetValue((resource, id), out var owner))
        {
            if (await store.OwnerOfAsync(resource, id, cancellationToken) is not { } found) return false;
            if (owners.Count >= MaxRemembered) owners.Clear(); // crude, but bounded; entries are cheap to find again
            owners[(resource, id)] = owner = found;
        }
        return owner == tenantId;
    }
}
