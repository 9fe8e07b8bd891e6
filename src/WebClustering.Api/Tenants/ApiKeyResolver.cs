using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tenants;

/// <summary>
/// Finds the tenant of a presented key by its hash. Found keys are remembered for <see cref="AuthOptions.KeyCacheDuration"/>
/// so that busy clients do not cost a database round trip per request; unknown keys are not remembered (random
/// guesses would only fill memory). A revocation in this process forgets everything at once.
/// </summary>
public sealed class ApiKeyResolver(TenantStore store, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (KeyOwner Owner, DateTimeOffset Expires)> cache = new(StringComparer.Ordinal);

    public async Task<KeyOwner?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKeys.Hash(key);
        var hex = Convert.ToHexString(hash);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(hex, out var entry) && entry.Expires > now) return entry.Owner;
        var owner = await store.FindKeyAsync(hash, cancellationToken);
        if (owner is null) cache.TryRemove(hex, out _);
        else if (options.Value.KeyCacheDuration > TimeSpan.Zero) cache[hex] = (owner, now + options.Value.KeyCacheDuration);
        return owner;
    }

    public void Forget() => cache.Clear();
}
