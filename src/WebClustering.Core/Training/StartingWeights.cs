using System.Text.Json;
using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

/// <summary>Fine-tuning's start: a fresh module of the same architecture takes a trained one's parameters and buffers.</summary>
public static class StartingWeights
{
    /// <exception cref="ArgumentException">The two modules are not of the same architecture; the message says how they differ.</exception>
    public static void Copy(Autoencoder from, Autoencoder to)
    {
        // Specs hold arrays, which records compare by reference: compare their JSON, the form model files keep.
        string source = JsonSerializer.Serialize(from.Spec, ModelJson.Options), target = JsonSerializer.Serialize(to.Spec, ModelJson.Options);
        if (source != target)
            throw new ArgumentException($"The model to start from has another architecture: {source} is not {target}.");
        var state = from.state_dict();
        var own = to.state_dict();
        if (state.Count != own.Count || state.Any(pair => !own.TryGetValue(pair.Key, out var t) || !t.shape.SequenceEqual(pair.Value.shape)))
            throw new ArgumentException("The model to start from has other weights than this architecture: they cannot be copied.");
        using (no_grad())
            foreach (var (name, tensor) in own)
                tensor.copy_(state[name]);
    }
}
