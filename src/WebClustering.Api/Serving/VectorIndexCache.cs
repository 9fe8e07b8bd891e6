using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Core.Neighbors;
using WebClustering.Core.Search;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Serving;

/// <summary>
/// Each succeeded job's vectors, loaded into a <see cref="VectorIndex"/> on first use and shared by every request,
/// with, below <see cref="ServingSettings.ApproximateSearchMinItems"/> items, the neighbour lists built for it
/// (<see cref="NeighbourListsFor"/>), and from that size on the HNSW indexes the job stored (<see cref="ApproximateFor"/>).
/// Concurrent first requests share one load. When the indexes and lists together exceed the memory budget, the least
/// recently used jobs are dropped (and reloaded if asked for again).
/// </summary>
public sealed class VectorIndexCache(EmbeddingStore embeddings, VectorIndexStore storedIndexes, IOptions<ServingSettings> options,
    IHostApplicationLifetime lifetime, ILogger<VectorIndexCache> logger)
{
    private sealed class Entry(Func<Task<VectorIndex>> load)
    {
        public Lazy<Task<VectorIndex>> Index { get; } = new(load);
        public ConcurrentDictionary<SimilarityMetric, Lazy<Task<NeighbourLists?>>> Lists { get; } = new();
        public ConcurrentDictionary<SimilarityMetric, Lazy<Task<HnswIndex?>>> Approximate { get; } = new();
        public CancellationTokenSource Dropped { get; } = new();
        public long LastUsed = Environment.TickCount64;

        public VectorIndex? Loaded => Index.IsValueCreated && Index.Value.IsCompletedSuccessfully ? Index.Value.Result : null;

        public IEnumerable<NeighbourLists> ReadyLists => Lists.Values
            .Where(lists => lists.IsValueCreated && lists.Value.IsCompletedSuccessfully && lists.Value.Result is not null)
            .Select(lists => lists.Value.Result!);

        // Dropped HNSW indexes are not disposed: a request may still be searching one; the finalizer frees them.
        public IEnumerable<HnswIndex> ReadyApproximate => Approximate.Values
            .Where(index => index.IsValueCreated && index.Value.IsCompletedSuccessfully && index.Value.Result is not null)
            .Select(index => index.Value.Result!);

        public long SizeBytes => (Loaded?.SizeBytes ?? 0) + ReadyLists.Sum(lists => lists.SizeBytes) + ReadyApproximate.Sum(index => index.MemoryBytes);
    }

    private readonly ConcurrentDictionary<Guid, Entry> entries = new();

    /// <summary>Drops a deleted job's index and neighbour lists (and stops their building).</summary>
    public void Forget(Guid jobId)
    {
        if (entries.TryGetValue(jobId, out var entry)) Drop(jobId, entry);
    }

    public async Task<VectorIndex> GetAsync(Guid jobId)
    {
        var entry = entries.GetOrAdd(jobId, id => new Entry(() => LoadAsync(id)));
        entry.LastUsed = Environment.TickCount64;
        try
        {
            return await entry.Index.Value;
        }
        catch
        {
            Drop(jobId, entry); // let the next request try again
            throw;
        }
    }

    /// <summary>
    /// The job's neighbour lists for <paramref name="metric"/> when they are ready; otherwise null, after starting
    /// to build them in the background if that has not been tried yet for this index (the caller searches).
    /// </summary>
    public NeighbourLists? NeighbourListsFor(Guid jobId, VectorIndex index, SimilarityMetric metric)
    {
        if (options.Value.NeighbourListSize <= 0 || UsesApproximate(index) || !entries.TryGetValue(jobId, out var entry) || entry.Loaded != index) return null;
        // Looked up first, and added in a method of its own, so that the hot path allocates no closure.
        if (!entry.Lists.TryGetValue(metric, out var lists)) lists = StartLists(jobId, entry, index, metric);
        return lists.Value.IsCompletedSuccessfully ? lists.Value.Result : null;
    }

    private Lazy<Task<NeighbourLists?>> StartLists(Guid jobId, Entry entry, VectorIndex index, SimilarityMetric metric) =>
        entry.Lists.GetOrAdd(metric, m => new Lazy<Task<NeighbourLists?>>(() => BuildListsAsync(jobId, entry, index, m)));

    /// <summary>Whether an index of this size is served by HNSW indexes (when its job stored them) instead of neighbour lists.</summary>
    public bool UsesApproximate(VectorIndex index) => index.Count >= Math.Max(2, options.Value.ApproximateSearchMinItems);

    /// <summary>
    /// The job's HNSW index for <paramref name="metric"/> once loaded from the database; otherwise null, after starting
    /// the load if that has not been tried yet for this index (the caller searches exactly). Null for good when the
    /// set is below the threshold or the job stored no index for the metric.
    /// </summary>
    public HnswIndex? ApproximateFor(Guid jobId, VectorIndex index, SimilarityMetric metric)
    {
        if (!UsesApproximate(index) || !entries.TryGetValue(jobId, out var entry) || entry.Loaded != index) return null;
        if (!entry.Approximate.TryGetValue(metric, out var loading)) loading = StartApproximate(jobId, entry, metric);
        return loading.Value.IsCompletedSuccessfully ? loading.Value.Result : null;
    }

    private Lazy<Task<HnswIndex?>> StartApproximate(Guid jobId, Entry entry, SimilarityMetric metric) =>
        entry.Approximate.GetOrAdd(metric, m => new Lazy<Task<HnswIndex?>>(() => Task.Run(() => LoadApproximateAsync(jobId, m))));

    private async Task<HnswIndex?> LoadApproximateAsync(Guid jobId, SimilarityMetric metric)
    {
        var settings = options.Value;
        string name = SimilarMetrics.Name(metric);
        try
        {
            var info = await storedIndexes.GetInfoAsync(jobId, name, lifetime.ApplicationStopping);
            long inUse = entries.Values.Sum(e => e.SizeBytes);
            if (info is null || inUse + info.ByteCount > settings.VectorCacheBytes)
            {
                logger.LogInformation("No {Metric} HNSW index for job {JobId} ({Reason}); similar items are searched exactly", name, jobId,
                    info is null ? "the job stored none" : $"{info.ByteCount} bytes exceed the {settings.VectorCacheBytes - inUse} bytes of memory left");
                return null;
            }
            var started = System.Diagnostics.Stopwatch.StartNew();
            var index = await HnswIndex.LoadAsync(info.ByteCount, SimilarMetrics.Hnsw(metric),
                stream => storedIndexes.ReadAsync(jobId, name, stream, lifetime.ApplicationStopping));
            index.SetExpansionSearch(settings.ApproximateSearchExpansion);
            logger.LogInformation("Loaded the {Metric} HNSW index of job {JobId} ({Count} items, {Bytes} bytes) in {Seconds:F1} s",
                name, jobId, index.Count, info.ByteCount, started.Elapsed.TotalSeconds);
            _ = Task.Run(() => EvictBeyondBudget(jobId));
            return index;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading the {Metric} HNSW index of job {JobId} failed; similar items are searched exactly", name, jobId);
            return null;
        }
    }

    /// <summary>How many jobs have neighbour lists ready (true) or being built (false), per metric (for /metrics).</summary>
    public IReadOnlyDictionary<(SimilarityMetric Metric, bool Ready), int> NeighbourListStates() => entries.Values
        .SelectMany(entry => entry.Lists)
        .Where(pair => pair.Value.IsValueCreated && (!pair.Value.Value.IsCompleted || pair.Value.Value is { IsCompletedSuccessfully: true, Result: not null }))
        .GroupBy(pair => (pair.Key, pair.Value.Value.IsCompleted))
        .ToDictionary(group => group.Key, group => group.Count());

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

    private async Task<NeighbourLists?> BuildListsAsync(Guid jobId, Entry entry, VectorIndex index, SimilarityMetric metric)
    {
        var settings = options.Value;
        long bytes = 4L * index.Count * NeighbourLists.KeptPerRow(index.Count, settings.NeighbourListSize);
        long inUse = entries.Values.Sum(e => e.SizeBytes);
        if (inUse + bytes > settings.VectorCacheBytes)
        {
            logger.LogInformation("No {Metric} neighbour lists for job {JobId}: {Count} items ({Bytes} bytes) exceed the memory left " +
                "({Left} bytes); similar items are searched", metric, jobId, index.Count, bytes, settings.VectorCacheBytes - inUse);
            return null;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(entry.Dropped.Token, lifetime.ApplicationStopping);
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // A thread of its own: a build takes seconds to minutes and must not hold thread-pool threads requests need.
            var lists = await Task.Factory.StartNew(
                () => NeighbourLists.Build(index, metric, settings.NeighbourListSize, settings.NeighbourListThreads, stop.Token),
                stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            logger.LogInformation("Built the top {K} {Metric} neighbours of the {Count} items of job {JobId} in {Seconds:F1} s ({Bytes} bytes)",
                lists.K, metric, index.Count, jobId, started.Elapsed.TotalSeconds, lists.SizeBytes);
            _ = Task.Run(() => EvictBeyondBudget(jobId));
            return lists;
        }
        catch (OperationCanceledException)
        {
            return null; // the job was dropped from memory, or the service is stopping
        }
        catch (Exception e)
        {
            logger.LogError(e, "Building {Metric} neighbour lists for job {JobId} failed; similar items are searched", metric, jobId);
            return null;
        }
    }

    private void EvictBeyondBudget(Guid keep)
    {
        var loaded = entries
            .Where(pair => pair.Value.Loaded is not null)
            .Select(pair => (pair.Key, pair.Value, Size: pair.Value.SizeBytes))
            .OrderBy(item => item.Value.LastUsed)
            .ToList();
        long total = loaded.Sum(item => item.Size);
        foreach (var (jobId, entry, size) in loaded)
        {
            if (total <= options.Value.VectorCacheBytes) break;
            if (jobId == keep) continue;
            if (Drop(jobId, entry)) total -= size;
        }
    }

    private bool Drop(Guid jobId, Entry entry)
    {
        if (!entries.TryRemove(new KeyValuePair<Guid, Entry>(jobId, entry))) return false;
        entry.Dropped.Cancel(); // stops a neighbour-list build for an index no one will use
        return true;
    }
}
