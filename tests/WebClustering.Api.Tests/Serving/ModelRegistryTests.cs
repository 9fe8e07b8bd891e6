using WebClustering.Api.Serving;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Core;
using WebClustering.Core.Export;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;

namespace WebClustering.Api.Tests.Serving;

[Collection(ServiceCollection.Name)]
public sealed class ModelRegistryTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    private async Task<(TrainedJob Trained, ModelResponse Model)> RegisteredModel()
    {
        var trained = await service.BlobsJobAsync();
        var models = (await client.GetFromJsonAsync<ModelListResponse>("/api/models?limit=500", ApiClient.Json))!;
        return (trained, models.Items.Single(m => m.JobId == trained.Job.Id));
    }

    [Fact]
    public async Task Every_succeeded_job_registers_a_model_with_its_configuration_and_metrics()
    {
        var (trained, listed) = await RegisteredModel();

        var model = (await client.GetFromJsonAsync<ModelResponse>($"/api/models/{listed.Id}", ApiClient.Json))!;

        Assert.Equal(trained.Dataset.Id, model.DatasetId);
        Assert.Equal(Enumerable.Range(0, 20).Select(d => $"f{d}"), model.FeatureNames);
        Assert.Equal(3, model.Configuration.Model.LatentDim);
        Assert.Equal(3, model.Clustering.K);
        Assert.Equal(3, model.Clustering.Centroids.Length);
        Assert.True(model.Metrics.External!.Accuracy >= 0.95);
        await (await client.GetAsync($"/api/models/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Encoding_rows_the_model_saw_gives_the_stored_vectors_and_clusters()
    {
        var (trained, model) = await RegisteredModel();
        var table = Table(trained.Csv);
        var rows = Enumerable.Range(0, 30).Select(r => new { id = table.Ids[r], features = table.Features.AsSpan(r * table.Cols, table.Cols).ToArray() });

        var response = await client.PostAsJsonAsync($"/api/models/{model.Id}/encode", new { rows }, ApiClient.Json);

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        var encoded = (await response.Content.ReadFromJsonAsync<EncodeResponse>(ApiClient.Json))!;
        var stored = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{trained.Job.Id}/embeddings?limit=30&fields=vector,cluster,reconstructionError", ApiClient.Json))!;
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(stored.Items[i].ItemId, encoded.Items[i].Id);
            Assert.Equal(stored.Items[i].Cluster, encoded.Items[i].Cluster);
            for (int d = 0; d < 3; d++) Assert.Equal(stored.Items[i].Vector![d], encoded.Items[i].Vector[d], 4);
            Assert.Equal(stored.Items[i].ReconstructionError!.Value, encoded.Items[i].ReconstructionError, 4);
        }
    }

    [Fact]
    public async Task Rows_the_model_never_saw_fall_into_the_cluster_of_their_blob()
    {
        var (trained, model) = await RegisteredModel();
        // Fresh samples from the same three blobs (another seed for the noise, same centres).
        var fresh = Table(CsvFiles.Blobs(perCluster: 60, clusters: 3, dims: 20, seed: 3, noiseSeed: 99));
        var stored = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{trained.Job.Id}/embeddings?limit=3", ApiClient.Json))!;
        var rows = Enumerable.Range(0, 30).Select(r => new { features = fresh.Features.AsSpan(r * fresh.Cols, fresh.Cols).ToArray() });

        var encoded = (await (await client.PostAsJsonAsync($"/api/models/{model.Id}/encode", new { rows }, ApiClient.Json))
            .Content.ReadFromJsonAsync<EncodeResponse>(ApiClient.Json))!;

        // Row r belongs to blob r % 3, and the stored items 0, 1, 2 are one from each blob.
        for (int r = 0; r < 30; r++) Assert.Equal(stored.Items[r % 3].Cluster, encoded.Items[r].Cluster);
        Assert.All(encoded.Items, item => Assert.True(item.Distance >= 0 && float.IsFinite(item.ReconstructionError)));
    }

    [Fact]
    public async Task A_csv_file_with_the_features_in_another_order_encodes_the_same()
    {
        var (trained, model) = await RegisteredModel();
        var table = Table(trained.Csv);
        var reversed = new StringBuilder("key," + string.Join(',', Enumerable.Range(0, 20).Reverse().Select(d => $"f{d}")) + "\n");
        for (int r = 0; r < 5; r++)
            reversed.AppendLine($"{table.Ids[r]}," + string.Join(',', Enumerable.Range(0, 20).Reverse().Select(d => ApiClient.F(table.Features[r * 20 + d]))));
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(reversed.ToString())), "file", "new.csv" },
            { new StringContent("key"), "idColumn" },
        };

        var response = await client.PostAsync($"/api/models/{model.Id}/encode/file", form);

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        var encoded = (await response.Content.ReadFromJsonAsync<EncodeResponse>(ApiClient.Json))!;
        var first = (await client.GetFromJsonAsync<EmbeddingResponse>($"/api/jobs/{trained.Job.Id}/embeddings/{table.Ids[0]}", ApiClient.Json))!;
        Assert.Equal(table.Ids[..5], encoded.Items.Select(i => i.Id));
        for (int d = 0; d < 3; d++) Assert.Equal(first.Vector![d], encoded.Items[0].Vector[d], 4);
    }

    [Fact]
    public async Task Rows_of_the_wrong_width_or_files_with_other_columns_are_refused()
    {
        var (_, model) = await RegisteredModel();

        var narrow = await client.PostAsJsonAsync($"/api/models/{model.Id}/encode", new { rows = new[] { new { features = new[] { 1f, 2f } } } }, ApiClient.Json);
        var problem = await narrow.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("takes 20", problem["errors"]!["rows[0].features"]![0]!.GetValue<string>());

        var form = new MultipartFormDataContent { { new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "file", "x.csv" } };
        var wrongColumns = await (await client.PostAsync($"/api/models/{model.Id}/encode/file", form)).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("Missing: f0", wrongColumns["errors"]!["file"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_safetensors_export_loads_into_an_identical_module()
    {
        var (trained, model) = await RegisteredModel();
        var native = ModelFile.Load(new MemoryStream(await client.GetByteArrayAsync($"/api/models/{model.Id}/file")));

        using var zip = new ZipArchive(new MemoryStream(await client.GetByteArrayAsync($"/api/models/{model.Id}/file?format=safetensors")));
        Assert.NotNull(zip.GetEntry("architecture.json"));
        Assert.Contains("def load(", new StreamReader(zip.GetEntry("load_model.py")!.Open()).ReadToEnd());
        var weights = new MemoryStream();
        zip.GetEntry("model.safetensors")!.Open().CopyTo(weights);
        weights.Position = 0;
        var reloaded = PortableModel.LoadSafetensors(native.Autoencoder.Spec, weights);

        var table = Table(trained.Csv);
        var rows = native.Scaler.Apply(new Matrix(table.Features, table.Rows, table.Cols));
        Assert.Equal(ModelInference.EncodeScaled(native.Autoencoder, rows).Latent.Values, ModelInference.EncodeScaled(reloaded, rows).Latent.Values);

        using var pytorch = new ZipArchive(new MemoryStream(await client.GetByteArrayAsync($"/api/models/{model.Id}/file?format=pytorch")));
        Assert.True(pytorch.GetEntry("state_dict.pt")!.Length > 1000);

        using var onnx = new ZipArchive(new MemoryStream(await client.GetByteArrayAsync(model.Links.OnnxFile)));
        Assert.Equal(["decoder.onnx", "encoder.onnx", "preprocessing.json"], onnx.Entries.Select(e => e.FullName).Order());
        var unknown = await (await client.GetAsync($"/api/models/{model.Id}/file?format=keras")).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("onnx", unknown["errors"]!["format"]![0]!.GetValue<string>());
    }

    private static PlainCsvTable Table(string csv) => PlainCsvTable.Parse(csv);
}
