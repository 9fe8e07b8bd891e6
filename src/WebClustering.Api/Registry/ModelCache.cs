using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Core;
using WebClustering.Core.Clustering;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Registry;

/// <summary>
/// A model loaded for encoding, with its fitted clustering: new rows go to the cluster the job's algorithm would give
/// them (nearest centroid for k-means and DEC, most probable component for gmm, -1 for DBSCAN noise). Jobs stored
/// before the clustering model was kept use their k-means centroids.
/// </summary>
public sealed class LoadedModel(TrainedModel model, Matrix centroids, ClusteringModel? clustering = null)
{
    // libtorch modules are not documented as safe for concurrent forward passes from .NET: take turns per model.
    private readonly Lock gate = new();

    public TrainedModel Model { get; } = model;
    public Matrix Centroids { get; } = centroids;

    /// <summary>Runs <paramref name="use"/> on the model, taking turns with every other use of it.</summary>
    public T Use<T>(Func<TrainedModel, T> use)
    {
        lock (gate) return use(Model);
    }

    public (EncodedRows Encoded, int[] Clusters) Encode(Matrix rows)
    {
        EncodedRows encoded;
        lock (gate) encoded = ModelInference.Encode(Model, rows);
        return (encoded, clustering is null ? KMeans.Assign(encoded.Latent, Centroids) : clustering.Assign(encoded.Latent));
    }
}

/// <summary>Loads each model once and shares it; keeps the most recently used few.</summary>
public sealed class ModelCache(ModelStore models, IOptions<ServingSettings> options)
{
    private readonly ConcurrentDictionary<Guid, (Lazy<Task<LoadedModel>> Model, long LastUsed)> entries = new();

    /// <summary>Drops a deleted model; a request still using it finishes with it.</summary>
    public void Forget(Guid modelId) => entries.TryRemove(modelId, out _);

    public async Task<LoadedModel> GetAsync(ModelRecord record)
    {
        var entry = entries.AddOrUpdate(record.Id,
            _ => (new Lazy<Task<LoadedModel>>(() => LoadAsync(record)), Environment.TickCount64),
            (_, existing) => (existing.Model, Environment.TickCount64));
        try
        {
            var loaded = await entry.Model.Value;
            TrimToSize();
            return loaded;
        }
        catch
        {
            entries.TryRemove(record.Id, out _);
            throw;
        }
    }

    private async Task<LoadedModel> LoadAsync(ModelRecord record)
    {
        var file = await models.GetFileAsync(record.Id, CancellationToken.None)
            ?? throw new InvalidOperationException($"Model {record.Id} has no file.");
        var model = ModelFile.Load(new MemoryStream(file));
        var clustering = record.ClusteringModelJson is { } json ? ClusteringJson.Deserialize<ClusteringModel>(json) : null;
        return new LoadedModel(model, new Matrix(record.Centroids, record.K, record.LatentDim), clustering);
    }

    private void TrimToSize()
    {
        int excess = entries.Count - options.Value.ModelCacheSize;
        foreach (var stale in entries.OrderBy(pair => pair.Value.LastUsed).Take(Math.Max(0, excess)))
            entries.TryRemove(stale.Key, out _);
    }
}
