using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting;
using WebClustering.Core.Search;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Serving;

/// <summary>
/// Each succeeded job's vectors, loaded into a <see cref="VectorIndex"/> on first use and shared by every request.
/// Concurrent first requests share one load. When the indexes together exceed the memory budget, the least
/// recently used are dropped (and reloaded if asked for again).
/// </summary>
public sealed class VectorIndexCache(EmbeddingStore embeddings, IOptions<WebClusteringOptions> options, ILogger<VectorIndexCache> logger)
{
    private sealed class Entry(Lazy<Task<VectorIndex>> index)
    {
        public Lazy<Task<VectorIndex>> Index { get; } = index;
        public long LastUsed = Environment.TickCount64;
    }

    private readonly ConcurrentDictionary<Guid, Entry> entries = new();

    public async Task<VectorIndex> GetAsync(Guid jobId)
    {
        var entry = entries.GetOrAdd(jobId, id => new Entry(new Lazy<Task<VectorIndex>>(() => LoadAsync(id))));
        entry.LastUsed = Environment.TickCount64;
        try
        {
            return await entry.Index.Value;
        }
        catch
        {
            entries.TryRemove(new KeyValuePair<Guid, Entry>(jobId, entry)); // let the next request try again
            throw;
        }
    }

    private async Task<VectorIndex> LoadAsync(Guid jobId)
    {
        // Not tied to the first caller's request: an aborted request must not fail the load others wait for.
        var ids = new List<string>();
        var clusters = new List<int>();
        var vectors = new List<float>();
        int dims = 0;
        await foreach (var embedding in embeddings.StreamAsync(jobId, CancellationToken.None))
        {
            ids.Add(embedding.ItemId);
            clusters.Add(embedding.Cluster);
            vectors.AddRange(embedding.Latent);
            dims = embedding.Latent.Length;
        }
        var index = new VectorIndex([.. ids], [.. clusters], [.. vectors], Math.Max(dims, 1));
        logger.LogInformation("Loaded {Count} vectors of job {JobId} for similarity search ({Bytes} bytes)", index.Count, jobId, index.SizeBytes);
        _ = Task.Run(() => EvictBeyondBudget(jobId));
        return index;
    }

    private void EvictBeyondBudget(Guid keep)
    {
        var loaded = entries
            .Where(pair => pair.Value.Index.IsValueCreated && pair.Value.Index.Value.IsCompletedSuccessfully)
            .Select(pair => (pair.Key, pair.Value, Size: pair.Value.Index.Value.Result.SizeBytes))
            .OrderBy(item => item.Value.LastUsed)
            .ToList();
        long total = loaded.Sum(item => item.Size);
        foreach (var (jobId, entry, size) in loaded)
        {
            if (total <= options.Value.VectorCacheBytes) break;
            if (jobId == keep) continue;
            if (entries.TryRemove(new KeyValuePair<Guid, Entry>(jobId, entry))) total -= size;
        }
    }
}
