using System.IO.Compression;
using System.Text;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.Models;

public class ModelFileTests
{
    public static TheoryData<string> Kinds() => [.. ModelTestData.EveryKind().Select(kind => kind.Name)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_saved_model_of_every_kind_loads_again_and_encodes_rows_identically(string kind)
    {
        var (_, spec, data) = ModelTestData.EveryKind().Single(k => k.Name == kind);
        var scaler = Scaler.Fit(data, ScalingKind.MinMax);
        var scaled = scaler.Apply(data);
        var trained = AutoencoderTrainer.Train(scaled, spec, new TrainingOptions(Epochs: 2, BatchSize: 8, LearningRate: 0.01));
        var expected = ModelInference.Latent(trained.Model, scaled);

        var bytes = ModelFile.Save(new TrainedModel(trained.Model, scaler));
        var loaded = ModelFile.Load(new MemoryStream(bytes));

        Assert.Equal(ModelJson.Serialize(spec), ModelJson.Serialize(loaded.Autoencoder.Spec));
        Assert.Equal(trained.Model.GetType(), loaded.Autoencoder.GetType());
        Assert.Equal(scaler.Offset, loaded.Scaler.Offset);
        Assert.Equal(scaler.Scale, loaded.Scaler.Scale);
        Assert.Equal(expected.Values, ModelInference.Latent(loaded.Autoencoder, loaded.Scaler.Apply(data)).Values);
        Assert.Equal(ModelInference.Reconstruct(trained.Model, scaled).Values, ModelInference.Reconstruct(loaded.Autoencoder, scaled).Values);
    }

    [Fact]
    public void The_manifest_names_the_format_version_and_the_kind()
    {
        var (data, _) = TestData.Blobs(5, 2, 4);
        using var model = AutoencoderFactory.Create(ModelTestData.Dense(4));
        var bytes = ModelFile.Save(new TrainedModel(model, Scaler.Fit(data, ScalingKind.Standardize)));

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var manifest = new StreamReader(zip.GetEntry("model.json")!.Open()).ReadToEnd();

        Assert.Contains("\"format\": \"webclustering.autoencoder\"", manifest);
        Assert.Contains("\"version\": 2", manifest);
        Assert.Contains("\"kind\": \"dense\"", manifest);
        Assert.Contains("\"kind\": \"standardize\"", manifest);
    }

    [Fact]
    public void A_file_of_an_older_format_is_refused_with_what_to_do()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = zip.CreateEntry("model.json").Open())
            entry.Write(Encoding.UTF8.GetBytes("""{"format": "webclustering.dense-autoencoder", "version": 1, "spec": {}}"""));
        buffer.Position = 0;

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Load(buffer));

        Assert.Contains("version 1", error.Message);
        Assert.Contains("Train the model again", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused()
    {
        Assert.ThrowsAny<InvalidDataException>(() => ModelFile.Load(new MemoryStream([1, 2, 3])));
    }
}
