using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Tests.Inference;

/// <summary>Encoding, reconstructing, decoding and generating over many rows, all through the one batching loop.</summary>
public class ModelInferenceTests
{
    private static readonly Matrix Rows = TestData.Blobs(perCluster: 7, clusters: 3, dims: 6).Data; // 21 rows: batches of 4 leave one over

    private static Autoencoder Dense() =>
        AutoencoderFactory.Create(new DenseSpec { InputDim = 6, HiddenLayers = [5], LatentDim = 2 });

    [Fact]
    public void Every_kind_of_run_gives_each_row_the_same_output_whatever_the_batch_size()
    {
        using var model = Dense();

        // A row placed in the wrong slot, or a last partial batch dropped, changes the outputs beyond rounding.
        AssertClose(ModelInference.Latent(model, Rows, batchSize: 1), ModelInference.Latent(model, Rows, batchSize: 4));
        AssertClose(ModelInference.Reconstruct(model, Rows, batchSize: 1), ModelInference.Reconstruct(model, Rows, batchSize: 4));
        var latent = ModelInference.Latent(model, Rows);
        AssertClose(ModelInference.Decode(model, latent, batchSize: 1), ModelInference.Decode(model, latent, batchSize: 4));
        var whole = ModelInference.EncodeScaled(model, Rows);
        var batched = ModelInference.EncodeScaled(model, Rows, batchSize: 4);
        AssertClose(whole.Latent, batched.Latent);
        Assert.Equal(whole.ReconstructionErrors, batched.ReconstructionErrors, (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void Encoding_with_errors_gives_the_latent_points_and_the_mean_squared_error_of_each_reconstruction()
    {
        using var model = Dense();

        var encoded = ModelInference.EncodeScaled(model, Rows, batchSize: 5);
        var reconstructed = ModelInference.Reconstruct(model, Rows);

        AssertClose(ModelInference.Latent(model, Rows), encoded.Latent);
        for (int r = 0; r < Rows.Rows; r++)
        {
            double squared = 0;
            for (int c = 0; c < Rows.Cols; c++)
                squared += Math.Pow(reconstructed.Values[r * Rows.Cols + c] - Rows.Values[r * Rows.Cols + c], 2);
            Assert.Equal(squared / Rows.Cols, encoded.ReconstructionErrors[r], 4);
        }
        AssertClose(reconstructed, ModelInference.Decode(model, encoded.Latent));
    }

    [Fact]
    public void Rows_of_another_width_and_latent_points_of_another_size_are_refused()
    {
        using var model = Dense();

        var rows = Assert.Throws<ArgumentException>(() => ModelInference.Latent(model, Matrix.Zeros(3, 5)));
        var points = Assert.Throws<ArgumentException>(() => ModelInference.Decode(model, Matrix.Zeros(3, 3)));

        Assert.Contains("(6 values a row), but the data has 5 columns", rows.Message);
        Assert.Contains("latent points have 2 dimensions, not 3", points.Message);
    }

    [Fact]
    public void Embeddings_are_the_posterior_means_so_encoding_is_deterministic()
    {
        var (images, _) = ModelTestData.Shapes(4);
        using var model = (VariationalAutoencoder)AutoencoderFactory.Create(new VaeSpec { Backbone = ModelTestData.Conv() });
        using var rows = tensor(images.Values, [images.Rows, images.Cols]);

        var latent = ModelInference.Latent(model, images);

        using var _ = no_grad();
        Assert.Equal(model.EncodeDistribution(rows).Mu.data<float>().ToArray(), latent.Values);
        Assert.Equal(latent.Values, ModelInference.Latent(model, images).Values);
    }

    [Fact]
    public void A_vae_generates_items_of_the_input_shape_from_the_prior_and_from_given_points_in_any_batch_size()
    {
        using var model = (VariationalAutoencoder)AutoencoderFactory.Create(new VaeSpec { Backbone = ModelTestData.Conv() });

        var generated = ModelInference.Generate(model, count: 5, seed: 1);
        var decoded = ModelInference.Decode(model, new Matrix(new float[3 * 4], 3, 4));

        Assert.Equal((5, 64), (generated.Rows, generated.Cols));
        Assert.Equal((3, 64), (decoded.Rows, decoded.Cols));
        Assert.All(generated.Values, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(generated.Values, ModelInference.Generate(model, count: 5, seed: 1).Values);
        Assert.NotEqual(generated.Values, ModelInference.Generate(model, count: 5, seed: 2).Values);
        AssertClose(generated, ModelInference.Generate(model, count: 5, seed: 1, batchSize: 2));
    }

    private static void AssertClose(Matrix expected, Matrix actual)
    {
        Assert.Equal((expected.Rows, expected.Cols), (actual.Rows, actual.Cols));
        Assert.Equal(expected.Values, actual.Values, (a, b) => Math.Abs(a - b) < 1e-5f);
    }
}
