using WebClustering.Core.Models;
using WebClustering.Core.Rows;
using static TorchSharp.torch;

namespace WebClustering.Core.Inference;

/// <param name="Latent">One latent vector per row.</param>
/// <param name="ReconstructionErrors">Mean squared error between each (preprocessed) row and its reconstruction.</param>
public sealed record EncodedRows(Matrix Latent, float[] ReconstructionErrors);

/// <summary>
/// Runs a trained model on many rows: encoding, reconstructing, decoding latent points and generating new items,
/// each through the one batching loop of <see cref="Batches"/>. "Scaled" rows are already preprocessed with the
/// model's scaler (the training rows, for instance); <see cref="Encode(TrainedModel, Matrix, int)"/> takes rows in
/// the dataset's original units.
/// </summary>
public static class ModelInference
{
    public static EncodedRows Encode(TrainedModel model, Matrix rows, int batchSize = Batches.DefaultSize) =>
        EncodeScaled(model.Autoencoder, model.Scaler.Apply(rows), batchSize);

    /// <summary>Each row's embedding (a VAE's is mu) and its reconstruction error.</summary>
    public static EncodedRows EncodeScaled(Autoencoder model, Matrix scaled, int batchSize = Batches.DefaultSize)
        => EncodeScaled(model, new MatrixRows(scaled), batchSize);

    /// <summary>The same over prepared rows in memory or streamed, a batch read at a time.</summary>
    public static EncodedRows EncodeScaled(Autoencoder model, RowSource scaled, int batchSize = Batches.DefaultSize)
    {
        int latentDim = model.Spec.EmbeddingDim;
        var latent = Matrix.Zeros(scaled.Rows, latentDim);
        var errors = EncodeScaled(model, scaled, batchSize, (values, start) => values.CopyTo(latent.Values, (long)start * latentDim));
        return new EncodedRows(latent, errors);
    }

    /// <summary>
    /// The same with the embeddings appended to <paramref name="latent"/> (a file) instead of held: what a streamed
    /// job encodes its millions of rows into. Returns the reconstruction errors.
    /// </summary>
    public static float[] EncodeScaled(Autoencoder model, RowSource scaled, SpilledRows latent, int batchSize = Batches.DefaultSize)
    {
        if (latent.Cols != model.Spec.EmbeddingDim || latent.Rows != 0)
            throw new ArgumentException($"The spill file must be empty and {model.Spec.EmbeddingDim} values wide.", nameof(latent));
        return EncodeScaled(model, scaled, batchSize, (values, _) => latent.Append(values));
    }

    private static float[] EncodeScaled(Autoencoder model, RowSource scaled, int batchSize, Action<float[], int> store)
    {
        CheckWidth(model, scaled.Cols);
        var errors = new float[scaled.Rows];
        Batches.ForEach(model, scaled, batchSize, (batch, start) =>
        {
            var encoded = model.Encode(batch);
            // A VAE's reconstruction decodes mu, its embedding: the error then measures the model, not the sampling noise.
            var squared = (model.Decode(encoded) - batch).square().mean([1]);
            store(encoded.contiguous().data<float>().ToArray(), start);
            squared.data<float>().ToArray().CopyTo(errors, start);
        });
        return errors;
    }

    /// <summary>Each row's embedding only (a VAE's is mu), without decoding it again.</summary>
    public static Matrix Latent(Autoencoder model, Matrix scaled, int batchSize = Batches.DefaultSize)
    {
        CheckWidth(model, scaled);
        return Batches.Map(model, scaled, model.Spec.EmbeddingDim, batchSize, model.Encode);
    }

    /// <summary>Each row's reconstruction: the decoder's output (after the output activation) for the row's embedding.</summary>
    public static Matrix Reconstruct(Autoencoder model, Matrix scaled, int batchSize = Batches.DefaultSize)
    {
        CheckWidth(model, scaled);
        return Batches.Map(model, scaled, (int)model.Spec.InputSize, batchSize, rows => model.Decode(model.Encode(rows)));
    }

    /// <summary>Decodes given latent points ([N, EmbeddingDim]) into items (scaled as the model's inputs are).</summary>
    public static Matrix Decode(Autoencoder model, Matrix latent, int batchSize = Batches.DefaultSize)
    {
        if (latent.Cols != model.Spec.EmbeddingDim)
            throw new ArgumentException($"The model's latent points have {model.Spec.EmbeddingDim} dimensions, not {latent.Cols}.", nameof(latent));
        return Batches.Map(model, latent, (int)model.Spec.InputSize, batchSize, model.Decode);
    }

    /// <summary>Decodes <paramref name="count"/> samples of the VAE's prior N(0, I), drawn from a generator seeded by <paramref name="seed"/>.</summary>
    public static Matrix Generate(VariationalAutoencoder model, int count, int seed, int batchSize = Batches.DefaultSize)
    {
        if (count < 1) throw new ArgumentException($"count must be at least 1 (got {count}).", nameof(count));
        // The prior is drawn in one call, so the items do not depend on the batch size.
        using var generator = new Generator((ulong)seed, CPU);
        float[] prior;
        using (var z = randn([count, model.Spec.EmbeddingDim], generator: generator)) prior = z.data<float>().ToArray();
        return Decode(model, new Matrix(prior, count, model.Spec.EmbeddingDim), batchSize);
    }

    private static void CheckWidth(Autoencoder model, Matrix rows) => CheckWidth(model, rows.Cols);

    private static void CheckWidth(Autoencoder model, int cols)
    {
        if (cols != model.Spec.InputSize)
            throw new ArgumentException($"The model takes items of shape [{string.Join(", ", model.Spec.ItemShape)}] " +
                $"({model.Spec.InputSize} values a row), but the data has {cols} columns.", "rows");
    }
}
