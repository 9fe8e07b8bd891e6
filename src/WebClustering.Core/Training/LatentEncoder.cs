using WebClustering.Core.Inference;
using WebClustering.Core.Models;

namespace WebClustering.Core.Training;

public static class LatentEncoder
{
    /// <summary>Latent vectors of rows already preprocessed with the model's scaler.</summary>
    public static Matrix Encode(DenseAutoencoder model, Matrix data, int batchSize = 4096) =>
        ModelInference.EncodeScaled(model, data, batchSize).Latent;
}
