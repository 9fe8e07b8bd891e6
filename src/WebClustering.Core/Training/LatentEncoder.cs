using TorchSharp;
using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

public static class LatentEncoder
{
    /// <summary>Encodes every row in evaluation mode, in batches so memory stays bounded for large datasets.</summary>
    public static Matrix Encode(DenseAutoencoder model, Matrix data, int batchSize = 4096)
    {
        model.eval();
        var latent = Matrix.Zeros(data.Rows, model.Spec.LatentDim);
        using var _ = torch.no_grad();
        for (int start = 0; start < data.Rows; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            int count = Math.Min(batchSize, data.Rows - start);
            var batch = torch.tensor(data.Values.AsSpan(start * data.Cols, count * data.Cols).ToArray(), [count, data.Cols]);
            var encoded = model.Encode(batch).contiguous().data<float>().ToArray();
            encoded.CopyTo(latent.Values, start * model.Spec.LatentDim);
        }
        return latent;
    }
}
