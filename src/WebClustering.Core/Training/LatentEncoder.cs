using TorchSharp;
using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

public static class LatentEncoder
{
    /// <summary>
    /// Encodes every row (a flattened item) in evaluation mode, in batches so memory stays bounded for large
    /// datasets. A VAE's embedding is mu.
    /// </summary>
    public static Matrix Encode(Autoencoder model, Matrix data, int batchSize = 4096)
    {
        CheckWidth(model, data);
        int width = model.Spec.EmbeddingDim;
        return Map(model, data, width, batchSize, model.Encode);
    }

    /// <summary>Reconstructs every row: the decoder's output (after the output activation) for each row's embedding.</summary>
    public static Matrix Reconstruct(Autoencoder model, Matrix data, int batchSize = 4096)
    {
        CheckWidth(model, data);
        return Map(model, data, (int)model.Spec.InputSize, batchSize, rows => model.Decode(model.Encode(rows)));
    }

    /// <summary>Decodes given latent points ([N, EmbeddingDim]) into items.</summary>
    public static Matrix Decode(Autoencoder model, Matrix latent, int batchSize = 4096)
    {
        if (latent.Cols != model.Spec.EmbeddingDim)
            throw new ArgumentException($"The model's latent points have {model.Spec.EmbeddingDim} dimensions, not {latent.Cols}.", nameof(latent));
        return Map(model, latent, (int)model.Spec.InputSize, batchSize, model.Decode);
    }

    /// <summary>Decodes <paramref name="count"/> samples of the VAE's prior N(0, I), drawn from a generator seeded by <paramref name="seed"/>.</summary>
    public static Matrix Generate(VariationalAutoencoder model, int count, int seed)
    {
        using var generator = new Generator((ulong)seed, CPU);
        using var scope = NewDisposeScope();
        model.eval();
        var values = model.Generate(count, generator).contiguous().data<float>().ToArray();
        return new Matrix(values, count, (int)model.Spec.InputSize);
    }

    private static void CheckWidth(Autoencoder model, Matrix data)
    {
        if (data.Cols != model.Spec.InputSize)
            throw new ArgumentException($"The model takes items of shape [{string.Join(", ", model.Spec.ItemShape)}] " +
                $"({model.Spec.InputSize} values a row), but the data has {data.Cols} columns.", nameof(data));
    }

    private static Matrix Map(Autoencoder model, Matrix data, int width, int batchSize, Func<Tensor, Tensor> map)
    {
        model.eval();
        var result = Matrix.Zeros(data.Rows, width);
        using var _ = no_grad();
        for (int start = 0; start < data.Rows; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, data.Rows - start);
            var batch = tensor(data.Values.AsSpan(start * data.Cols, count * data.Cols).ToArray(), [count, data.Cols]);
            map(batch).contiguous().data<float>().ToArray().CopyTo(result.Values, (long)start * width);
        }
        return result;
    }
}
