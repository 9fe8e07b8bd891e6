using WebClustering.Core.Models;

namespace WebClustering.Core.Export;

/// <summary>A copy of a module's state_dict as float32 arrays with their shapes, keyed as the state_dict is.</summary>
internal sealed class ModelWeights
{
    private readonly Dictionary<string, (float[] Values, long[] Shape)> entries = [];

    public ModelWeights(Autoencoder module)
    {
        foreach (var (key, tensor) in module.state_dict())
            entries[key] = (tensor.cpu().contiguous().data<float>().ToArray(), tensor.shape);
    }

    public IEnumerable<string> Keys => entries.Keys;

    public (float[] Values, long[] Shape) this[string key] =>
        entries.TryGetValue(key, out var entry) ? entry : throw new KeyNotFoundException($"The model has no parameter '{key}'.");
}
