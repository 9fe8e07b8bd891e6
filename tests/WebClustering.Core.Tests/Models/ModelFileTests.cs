using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.Models;

public class ModelFileTests
{
    [Fact]
    public void A_saved_model_loads_again_and_encodes_rows_identically()
    {
        var (data, _) = TestData.Blobs(20, 3, 20);
        var scaler = Scaler.Fit(data, ScalingKind.Standardize);
        var scaled = scaler.Apply(data);
        var trained = AutoencoderTrainer.Train(scaled, new AutoencoderSpec(20, [16], 2, Activation.Tanh), new TrainingOptions(Epochs: 2));
        var expected = LatentEncoder.Encode(trained.Model, scaled);

        var bytes = ModelFile.Save(new TrainedModel(trained.Model, scaler));
        var loaded = ModelFile.Load(new MemoryStream(bytes));

        Assert.Equal(new[] { 20, 16, 2 }, loaded.Autoencoder.Spec.EncoderWidths());
        Assert.Equal(Activation.Tanh, loaded.Autoencoder.Spec.Activation);
        Assert.Equal(scaler.Offset, loaded.Scaler.Offset);
        Assert.Equal(expected.Values, LatentEncoder.Encode(loaded.Autoencoder, loaded.Scaler.Apply(data)).Values);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused()
    {
        Assert.ThrowsAny<InvalidDataException>(() => ModelFile.Load(new MemoryStream([1, 2, 3])));
    }
}
