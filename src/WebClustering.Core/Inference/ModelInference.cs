using TorchSharp;
using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Inference;

/// <param name="Latent">One latent vector per row.</param>
/// <param name="ReconstructionErrors">Mean squared error between each (preprocessed) row and its reconstruction.</param>
public sealed record EncodedRows(Matrix Latent, float[] ReconstructionErrors);

/// <summary>Runs a trained model on rows in the dataset's original units: preprocessing, encoding and decoding.</summary>
public static class ModelInference
{
    public static EncodedRows Encode(TrainedModel model, Matrix rows, int batchSize = 4096) =>
        EncodeScaled(model.Autoencoder, model.Scaler.Apply(rows), batchSize);

    /// <summary>For rows already preprocessed with the model's scaler (the training rows, for instance).</summary>
    public static EncodedRows EncodeScaled(Autoencoder model, Matrix scaled, int batchSize = 4096)
    {
        if (scaled.Cols != model.Spec.InputSize)
            throw new ArgumentException($"The model takes {model.Spec.InputSize} values a row, but the rows have {scaled.Cols}.");
        int latentDim = model.Spec.EmbeddingDim;
        var latent = Matrix.Zeros(scaled.Rows, latentDim);
        var errors = new float[scaled.Rows];
        model.eval();
        using var _ = torch.no_grad();
        for (int start = 0; start < scaled.Rows; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            int count = Math.Min(batchSize, scaled.Rows - start);
            var batch = torch.tensor(scaled.Values.AsSpan(start * scaled.Cols, count * scaled.Cols).ToArray(), [count, scaled.Cols]);
            var encoded = model.Encode(batch);
            // A VAE's reconstruction decodes mu, its embedding: the error then measures the model, not the sampling noise.
            var squared = (model.Decode(encoded) - batch).square().mean([1]);
            encoded.contiguous().data<float>().ToArray().CopyTo(latent.Values, start * latentDim);
            squared.data<float>().ToArray().CopyTo(errors, start);
        }
        return new EncodedRows(latent, errors);
    }
}
