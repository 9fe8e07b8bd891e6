using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Core;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;

namespace WebClustering.Api.Tests.Jobs;

[Collection(ServiceCollection.Name)]
public sealed class ModelKindJobTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    // A VAE's loss carries its KL term, which grows as the latent starts to carry information: it falls less.
    private static void LossFell(JobHistoryResponse history, double factor = 0.8)
    {
        Assert.NotEmpty(history.Epochs);
        Assert.True(history.Epochs[^1].TrainingLoss < factor * history.Epochs[0].TrainingLoss,
            $"loss {history.Epochs[0].TrainingLoss} → {history.Epochs[^1].TrainingLoss}");
    }

    [Fact]
    public async Task A_conv_autoencoder_trains_on_idx_images_and_lowers_its_loss()
    {
        var (images, labels) = DatasetFiles.Shapes(perClass: 10);
        var dataset = await client.UploadAsync("/api/datasets/idx",
            [("file", "images.idx", DatasetFiles.IdxImages(images)), ("labels", "labels.idx", DatasetFiles.IdxLabels(labels))],
            ("name", "shapes")).CreatedDatasetAsync();

        var job = await client.SucceededJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { kind = "conv", encoder = new[] { new { outChannels = 8, kernel = 3, pool = 2 } }, latentDim = 4 },
            training = new { epochs = 15, batchSize = 10, learningRate = 0.01, seed = 1, preprocessing = "minmax" },
            clustering = new { k = 3 },
        });

        LossFell(await client.HistoryAsync(job.Id));
        Assert.Equal("conv", job.Configuration.Model.Kind);
        var modelId = await ModelIdAsync(job.Id);
        var generate = await client.PostAsJsonAsync($"/api/models/{modelId}/generate", new { count = 2 }, ApiClient.Json);
        Assert.Contains("vae", (await generate.ShouldBeProblem(HttpStatusCode.BadRequest))["errors"]!["model"]![0]!.GetValue<string>());
    }

    private async Task<Guid> ModelIdAsync(Guid jobId)
    {
        var models = (await client.GetFromJsonAsync<WebClustering.Api.Registry.ModelListResponse>("/api/models?limit=500", ApiClient.Json))!;
        return models.Items.Single(m => m.JobId == jobId).Id;
    }

    [Fact]
    public async Task A_vae_trains_on_a_zip_of_pngs_with_a_validation_split_then_generates_and_decodes_images()
    {
        var (images, labels) = DatasetFiles.Shapes(perClass: 10);
        var dataset = await client.UploadAsync("/api/datasets/images-zip", [("file", "shapes.zip", DatasetFiles.PngZip(images, labels))],
            ("name", "pngs"), ("width", "8"), ("height", "8"), ("channels", "1")).CreatedDatasetAsync();

        var job = await client.SucceededJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { kind = "vae", encoder = new[] { new { outChannels = 8, pool = 2 } }, latentDim = 2, outputActivation = "sigmoid" },
            training = new { epochs = 15, batchSize = 10, learningRate = 0.01, seed = 1, preprocessing = "minmax", loss = "bce", validationFraction = 0.2 },
            clustering = new { k = 3 },
        });

        var history = await client.HistoryAsync(job.Id);
        LossFell(history, factor: 0.9);
        Assert.All(history.Epochs, epoch => Assert.NotNull(epoch.ValidationLoss));

        var modelId = await ModelIdAsync(job.Id);
        var generated = await GenerateAsync(modelId, seed: 4);
        Assert.Equal([1, 8, 8], generated.ItemShape);
        Assert.Equal(5, generated.Items.Length);
        // minmax undone: pixels come back in the PNGs' 0..255 range, and a seed gives the same samples again.
        Assert.All(generated.Items.SelectMany(item => item), value => Assert.InRange(value, -1f, 256f));
        Assert.Equal(generated.Items[0], (await GenerateAsync(modelId, seed: 4)).Items[0]);

        var decode = await client.PostAsJsonAsync($"/api/models/{modelId}/decode", new { points = new[] { new[] { 0f, 0f } } }, ApiClient.Json);
        await decode.ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Equal(64, (await decode.Content.ReadFromJsonAsync<DecodedItems>(ApiClient.Json))!.Items[0].Length);
        var tooWide = await client.PostAsJsonAsync($"/api/models/{modelId}/decode", new { points = new[] { new[] { 0f, 0f, 0f } } }, ApiClient.Json);
        Assert.NotNull((await tooWide.ShouldBeProblem(HttpStatusCode.BadRequest))["errors"]!["points[0]"]);

        // Every export covers a VAE on a conv backbone (Core's export tests check the numbers).
        foreach (var (format, weights) in new[] { ("pytorch", "state_dict.pt"), ("safetensors", "model.safetensors"), ("onnx", "encoder.onnx") })
        {
            var file = await client.GetAsync($"/api/models/{modelId}/file?format={format}");
            await file.ShouldHaveStatus(HttpStatusCode.OK);
            using var zip = new System.IO.Compression.ZipArchive(await file.Content.ReadAsStreamAsync());
            Assert.True(zip.GetEntry(weights)!.Length > 100, $"{format}: {weights}");
        }
    }

    private async Task<DecodedItems> GenerateAsync(Guid modelId, int seed)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{modelId}/generate", new { count = 5, seed }, ApiClient.Json);
        await response.ShouldHaveStatus(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<DecodedItems>(ApiClient.Json))!;
    }

    [Fact]
    public async Task A_sequence_autoencoder_clusters_noisy_sine_waves_by_frequency()
    {
        const int steps = 24;
        var (values, labels) = DatasetFiles.SineWaves(perClass: 40, steps);
        var csv = new StringBuilder("id,step,value,frequency\n");
        for (int i = 0; i < labels.Length; i++)
            for (int t = 0; t < steps; t++)
                csv.Append(CultureInfo.InvariantCulture, $"s{i},{t},{values[i * steps + t].ToString("R", CultureInfo.InvariantCulture)},f{labels[i]}\n");
        var dataset = await client.UploadAsync("/api/datasets/sequences-csv", [("file", "waves.csv", Encoding.UTF8.GetBytes(csv.ToString()))],
            ("name", "waves"), ("labelColumn", "frequency")).CreatedDatasetAsync();

        var job = await client.SucceededJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { kind = "sequence", latentDim = 3, hiddenSize = 32 },
            training = new { epochs = 20, batchSize = 16, learningRate = 0.01, seed = 3, preprocessing = "none" },
            clustering = new { k = 3, nInit = 10 },
        });

        var clusters = (await client.GetFromJsonAsync<ClustersResponse>($"/api/jobs/{job.Id}/clusters", ApiClient.Json))!;
        Assert.True(clusters.External!.Accuracy >= 0.9, $"ACC {clusters.External.Accuracy}");
    }

    [Fact]
    public async Task A_denoising_autoencoder_brings_noisy_rows_closer_to_the_clean_ones()
    {
        const int rows = 300, dims = 20;
        var clean = JobRuns.LowRank(rows, dims, rank: 2);
        var csv = new StringBuilder(string.Join(",", Enumerable.Range(0, dims).Select(d => $"x{d}")) + "\n");
        for (int i = 0; i < rows; i++)
            csv.AppendJoin(",", clean.AsSpan(i * dims, dims).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        var dataset = await client.CreateDatasetAsync(csv.ToString());

        var job = await client.SucceededJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { hiddenLayers = new[] { 32 }, latentDim = 2 },
            training = new { epochs = 30, batchSize = 32, learningRate = 0.005, seed = 1, preprocessing = "none", noise = new { kind = "gaussian", amount = 0.5 } },
            clustering = new { k = 2 },
        });

        var model = ModelFile.Load(new MemoryStream(await client.GetByteArrayAsync($"/api/jobs/{job.Id}/model")));
        var random = new Random(99);
        var noisy = clean.Select(v => (float)(v + 0.5 * JobRuns.Gaussian(random))).ToArray();
        var denoised = ModelInference.Reconstruct(model.Autoencoder, new Matrix(noisy, rows, dims));
        double before = MeanSquared(noisy, clean), after = MeanSquared(denoised.Values, clean);
        Assert.True(after < 0.5 * before, $"noisy rows were {before} from the clean ones, reconstructions {after}");
    }

    private static double MeanSquared(float[] a, float[] b) => a.Zip(b).Average(p => (p.First - p.Second) * (double)(p.First - p.Second));

    [Fact]
    public async Task A_conv_model_on_a_table_is_refused_naming_model_kind()
    {
        var dataset = await client.CreateDatasetAsync("a,b\n1,2\n3,4\n5,6\n");

        var response = await client.PostJobAsync(new { datasetId = dataset.Id, model = new { kind = "conv" }, clustering = new { k = 2 } });

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("images", problem["errors"]!["model.kind"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bce_loss_without_sigmoid_outputs_or_on_standardised_data_is_refused_naming_both_fields()
    {
        var dataset = await client.CreateDatasetAsync("a,b\n1,2\n3,4\n5,6\n");

        var response = await client.PostJobAsync(new
        {
            datasetId = dataset.Id, model = new { outputActivation = "identity" }, training = new { loss = "bce", preprocessing = "standardize" },
            clustering = new { k = 2 },
        });

        var errors = (await response.ShouldBeProblem(HttpStatusCode.BadRequest))["errors"]!.AsObject();
        Assert.NotNull(errors["model.outputActivation"]);
        Assert.NotNull(errors["training.preprocessing"]);
    }

    [Fact]
    public async Task A_sequence_model_on_images_is_refused_naming_model_kind()
    {
        var (images, _) = DatasetFiles.Shapes(perClass: 1);
        var dataset = await client.UploadAsync("/api/datasets/idx", [("file", "i.idx", DatasetFiles.IdxImages(images))], ("name", "i")).CreatedDatasetAsync();

        var response = await client.PostJobAsync(new { datasetId = dataset.Id, model = new { kind = "sequence" }, clustering = new { k = 2 } });

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["model.kind"]);
    }

    [Fact]
    public async Task A_conv_encoder_that_pools_an_image_away_is_refused_naming_the_block()
    {
        var (images, _) = DatasetFiles.Shapes(perClass: 1);
        var dataset = await client.UploadAsync("/api/datasets/idx", [("file", "i.idx", DatasetFiles.IdxImages(images))], ("name", "i")).CreatedDatasetAsync();

        var response = await client.PostJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { kind = "conv", encoder = new[] { new { outChannels = 4, pool = 16 } } },
            training = new { earlyStopping = new { patience = 2 } },
            clustering = new { k = 2 },
        });

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.Contains(errors, e => e.Key.StartsWith("model.encoder", StringComparison.Ordinal) || e.Key == "model");
        Assert.Contains("training.earlyStopping", errors.Select(e => e.Key));
    }
}
