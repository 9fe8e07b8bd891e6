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
        int dims = 1;
        await foreach (var chunk in embeddings.StreamChunksAsync(jobId, EmbeddingParts.All, CancellationToken.None))
        {
            ids.AddRange(chunk.DecodeItemIds());
            clusters.AddRange(chunk.ClusterValues);
            vectors.AddRange(chunk.VectorValues);
            dims = chunk.Dims;
        }
        // Building partitions is CPU work: keep it off the request that happened to ask first.
        var index = await Task.Run(() => new VectorIndex([.. ids], [.. clusters], [.. vectors], dims));
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
