using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Datasets;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tests.Datasets;

[Collection(ServiceCollection.Name)]
public sealed class DatasetsApiTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task An_uploaded_csv_is_stored_and_listed_with_its_features()
    {
        var response = await client.UploadCsvAsync("id,a,b,label\nx,1,2,p\ny,3,4.5,q\n", name: "tiny", idColumn: "id", labelColumn: "label");

        await response.ShouldHaveStatus(HttpStatusCode.Created);
        var dataset = (await response.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
        Assert.Equal("tiny", dataset.Name);
        Assert.Equal(2, dataset.Rows);
        Assert.Equal(["a", "b"], dataset.FeatureNames);
        Assert.Equal($"/api/datasets/{dataset.Id}", response.Headers.Location?.ToString());

        var fetched = await client.GetFromJsonAsync<DatasetResponse>($"/api/datasets/{dataset.Id}", ApiClient.Json);
        Assert.Equal(dataset.Id, fetched!.Id);
        var list = await client.GetFromJsonAsync<DatasetListResponse>("/api/datasets?limit=500", ApiClient.Json);
        Assert.Contains(list!.Items, d => d.Id == dataset.Id);
    }

    [Fact]
    public async Task Without_an_id_column_rows_are_numbered()
    {
        var dataset = await client.CreateDatasetAsync("a,b\n1,2\n3,4\n");
        var rows = await service.Service<WebClustering.Storage.Datasets.DatasetStore>()
            .ReadRowsAsync((await service.Service<WebClustering.Storage.Datasets.DatasetStore>().GetAsync(dataset.Id))!);
        Assert.Equal(["0", "1"], rows.ItemIds);
        Assert.Equal([1f, 2f, 3f, 4f], rows.Features.Values);
    }

    [Fact]
    public async Task A_deleted_dataset_is_gone()
    {
        var dataset = await client.CreateDatasetAsync("a,b\n1,2\n3,4\n");

        await (await client.DeleteAsync($"/api/datasets/{dataset.Id}")).ShouldHaveStatus(HttpStatusCode.NoContent);

        await (await client.GetAsync($"/api/datasets/{dataset.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/datasets/{dataset.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_dataset_with_a_queued_job_is_refused()
    {
        var dataset = await client.CreateDatasetAsync("a,b\n1,2\n3,4\n");
        // A job row that no worker will pick up stays queued for as long as the test needs it.
        var jobs = service.Service<JobStore>();
        var (_, job) = await jobs.CreateAsync(DefaultTenant.Id, dataset.Id, """{"model":{},"training":{},"clustering":{}}""", epochs: 1);

        var refused = await (await client.DeleteAsync($"/api/datasets/{dataset.Id}")).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Contains("queued or running", refused["detail"]!.GetValue<string>());

        await jobs.FailAsync(job!.Id, "released by the test");
        await (await client.DeleteAsync($"/api/datasets/{dataset.Id}")).ShouldHaveStatus(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a,b\n", "no data rows")]
    public async Task An_empty_csv_is_refused(string csv, string expected)
    {
        var problem = await (await client.UploadCsvAsync(csv)).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_non_numeric_feature_is_refused_naming_its_line_and_column()
    {
        var problem = await (await client.UploadCsvAsync("a,b\n1,2\n3,oops\n")).ShouldBeProblem(HttpStatusCode.BadRequest);

        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains("Line 3", detail);
        Assert.Contains("'b'", detail);
        Assert.Contains("oops", detail);
        Assert.Equal(3, problem["line"]!.GetValue<long>());
        Assert.Equal("b", problem["column"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_row_with_a_different_number_of_fields_is_refused_and_nothing_is_stored()
    {
        var before = (await client.GetFromJsonAsync<DatasetListResponse>("/api/datasets?limit=500", ApiClient.Json))!.Items.Count;

        var problem = await (await client.UploadCsvAsync("a,b,c\n1,2,3\n4,5\n", name: "ragged")).ShouldBeProblem(HttpStatusCode.BadRequest);

        Assert.Contains("Line 3", problem["detail"]!.GetValue<string>());
        var after = (await client.GetFromJsonAsync<DatasetListResponse>("/api/datasets?limit=500", ApiClient.Json))!.Items.Count;
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_label_column_that_is_not_in_the_header_is_refused()
    {
        var problem = await (await client.UploadCsvAsync("a,b\n1,2\n", labelColumn: "class")).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("class", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_upload_without_a_file_is_refused()
    {
        var form = new MultipartFormDataContent { { new StringContent("x"), "name" } };
        var problem = await (await client.PostAsync("/api/datasets", form)).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("file", problem["detail"]!.GetValue<string>());
    }
}
