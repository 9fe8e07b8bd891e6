using WebClustering.Api.Serving;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;

namespace WebClustering.Api.Tests.Serving;

/// <summary>
/// A CSV table with a categorical column and empty cells, uploaded with missingValues=keep: the job fills the gaps
/// with medians, and the model then encodes raw rows (JSON values and a CSV file) exactly as it encoded its own.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class RawRowEncodingTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    private sealed record Trained(DatasetResponse Dataset, JobResponse Job, ModelResponse Model, string Csv);

    /// <summary>Three blobs over x0..x3 with a city per blob; a few numeric and city cells are empty.</summary>
    private static string GappyCsv()
    {
        var random = new Random(7);
        string[] cities = ["Paris", "Lyon", "Nice"];
        var csv = new StringBuilder("item,x0,x1,city,x2,x3,species\n");
        for (int i = 0; i < 90; i++)
        {
            int k = i % 3;
            string Cell(int d) => (i * 7 + d) % 23 == 0 ? "" : ApiClient.F(Math.Round(k * 6 - 6 + d + JobRuns.Gaussian(random), 3));
            string city = i % 17 == 4 ? "" : cities[k];
            csv.Append($"row-{i:D3},{Cell(0)},{Cell(1)},{city},{Cell(2)},{Cell(3)},s{k}\n");
        }
        return csv.ToString();
    }

    private Task<DatasetResponse> UploadKeptAsync(string csv) => client.UploadAsync("/api/datasets",
        [("file", "gaps.csv", Encoding.UTF8.GetBytes(csv))], ("name", "gaps"), ("idColumn", "item"), ("labelColumn", "species"),
        ("missingValues", "keep"), ("categoricalColumns", "city")).CreatedDatasetAsync();

    private static object Job(Guid datasetId, string missingValues) => new
    {
        datasetId,
        model = new { hiddenLayers = new[] { 16, 8 }, latentDim = 3 },
        training = new { epochs = 20, batchSize = 32, learningRate = 0.003, seed = 5, missingValues, preprocessing = "standardize" },
        clustering = new { k = 3 },
    };

    private Task<Trained> TrainedAsync() => service.SharedAsync("gaps-median", async () =>
    {
        string csv = GappyCsv();
        var dataset = await UploadKeptAsync(csv);
        var job = await client.SucceededJobAsync(Job(dataset.Id, "median"));
        var models = (await client.GetFromJsonAsync<ModelListResponse>("/api/models?limit=500", ApiClient.Json))!;
        var model = (await client.GetFromJsonAsync<ModelResponse>($"/api/models/{models.Items.Single(m => m.JobId == job.Id).Id}", ApiClient.Json))!;
        return new Trained(dataset, job, model, csv);
    });

    /// <summary>Each data row of the CSV as a JSON object of its cells by column name; an empty cell is left out (or null).</summary>
    private static JsonObject[] RawRows(string csv)
    {
        var lines = csv.TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        return [.. lines[1..].Select((line, r) =>
        {
            var values = new JsonObject();
            var cells = line.Split(',');
            for (int c = 0; c < header.Length; c++)
            {
                if (cells[c].Length > 0) values[header[c]] = header[c] is "item" or "species" or "city" ? cells[c] : JsonValue.Create(double.Parse(cells[c], System.Globalization.CultureInfo.InvariantCulture));
                else if (r % 2 == 0) values[header[c]] = null; // null and an absent key are both gaps
            }
            return values;
        })];
    }

    private async Task<EmbeddingResponse[]> StoredAsync(Guid jobId) =>
        [.. (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{jobId}/embeddings?limit=1000&fields=vector,cluster,reconstructionError", ApiClient.Json))!.Items];

    [Fact]
    public async Task The_upload_records_the_table_encoding_and_the_model_the_median_fills_it_used()
    {
        var trained = await TrainedAsync();

        var encoding = trained.Dataset.TableEncoding!;
        Assert.Equal(MissingValueStrategy.Keep, encoding.Missing);
        Assert.Equal(["x0", "x1", "city", "x2", "x3"], encoding.Columns.Select(c => c.Name));
        Assert.Equal(["Lyon", "Nice", "Paris"], encoding.Columns[2].Categories!);
        Assert.NotNull(encoding.FirstMissing);
        Assert.Equal(["x0", "x1", "x2", "x3", "city=Lyon", "city=Nice", "city=Paris"], trained.Dataset.FeatureNames);

        var fitted = trained.Model.FittedPreprocessing!;
        Assert.Equal(MissingValueStrategy.Median, fitted.Table!.Missing);
        Assert.Equal(encoding.Columns.Select(c => c.Median), fitted.Table.Columns.Select(c => c.Fill));
        Assert.Equal(encoding.Columns[2].MostFrequent, fitted.Table.Columns[2].FillCategory);
        Assert.Equal(("standardize", 7), (fitted.Scaling, fitted.Offset.Length));
        var file = ModelFile.Load(new MemoryStream(await client.GetByteArrayAsync($"/api/models/{trained.Model.Id}/file")));
        Assert.Equal(fitted.Table.Columns.Select(c => c.Fill), file.Table!.Columns.Select(c => c.Fill));
    }

    [Fact]
    public async Task Raw_rows_sent_as_json_values_or_a_csv_file_get_exactly_the_stored_embeddings_gaps_included()
    {
        var trained = await TrainedAsync();
        var stored = await StoredAsync(trained.Job.Id);
        var rows = RawRows(trained.Csv).Select(values => new { values }).ToArray();

        var json = await client.PostAsJsonAsync($"/api/models/{trained.Model.Id}/encode", new { rows }, ApiClient.Json);
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(trained.Csv)), "file", "raw.csv" } };
        var csv = await client.PostAsync($"/api/models/{trained.Model.Id}/encode/file", form);

        foreach (var response in new[] { json, csv })
        {
            await response.ShouldHaveStatus(HttpStatusCode.OK);
            var encoded = (await response.Content.ReadFromJsonAsync<EncodeResponse>(ApiClient.Json))!.Items;
            Assert.Equal(stored.Select(s => s.ItemId), encoded.Select(e => e.Id));
            for (int i = 0; i < stored.Length; i++)
            {
                Assert.Equal(stored[i].Vector!, encoded[i].Vector);
                Assert.Equal(stored[i].Cluster, encoded[i].Cluster);
                Assert.Equal(stored[i].ReconstructionError, encoded[i].ReconstructionError);
            }
        }
        // The rows with gaps were among them.
        Assert.Contains(trained.Csv.Split('\n'), line => line.Contains(",,"));
    }

    [Fact]
    public async Task An_unknown_category_is_a_400_naming_the_row_column_and_value()
    {
        var trained = await TrainedAsync();
        var rows = new[] { new { id = "a", values = new JsonObject { ["x0"] = 1, ["city"] = "Paris" } }, new { id = "b", values = new JsonObject { ["x0"] = 1, ["city"] = "Rome" } } };

        var response = await client.PostAsJsonAsync($"/api/models/{trained.Model.Id}/encode", new { rows }, ApiClient.Json);

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        var message = problem["errors"]!["rows[1].values"]![0]!.GetValue<string>();
        Assert.StartsWith("Row 1 ('b'), column 'city': 'Rome' is not a category this model was trained with ('Lyon', 'Nice', 'Paris')", message);
        var unknownColumn = await client.PostAsJsonAsync($"/api/models/{trained.Model.Id}/encode",
            new { rows = new[] { new { values = new JsonObject { ["x9"] = 1 } } } }, ApiClient.Json);
        Assert.Contains("'x9' is not a column of this model", (await unknownColumn.ShouldBeProblem(HttpStatusCode.BadRequest))["errors"]!["rows[0].values"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_job_that_refuses_missing_values_on_a_table_with_gaps_is_a_400_naming_the_first_gaps_row_and_column()
    {
        var dataset = await UploadKeptAsync("item,x,city,species\na,1,p,s\nb,2,,s\nc,,q,t\n");

        var response = await client.PostJobAsync(Job(dataset.Id, "refuse"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.StartsWith("Line 3 (counting the header as line 1), row 'b', column 'city': the value is missing",
            problem["errors"]!["training.missingValues"]![0]!.GetValue<string>());
        await (await client.PostJobAsync(new { datasetId = dataset.Id, training = new { missingValues = "guess" } })).ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
