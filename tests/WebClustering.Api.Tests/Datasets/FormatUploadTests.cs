using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Datasets;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Tests.Datasets;

[Collection(ServiceCollection.Name)]
public sealed class FormatUploadTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    private static async Task<DatasetResponse> Created(HttpResponseMessage response)
    {
        await response.ShouldHaveStatus(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
    }

    [Fact]
    public async Task Gzipped_idx_images_with_labels_become_an_images_dataset_of_one_channel()
    {
        var (images, labels) = DatasetFiles.Shapes(perClass: 2);
        var dataset = await Created(await client.UploadAsync("/api/datasets/idx",
            [("file", "images.idx.gz", DatasetFiles.Gzip(DatasetFiles.IdxImages(images))), ("labels", "labels.idx", DatasetFiles.IdxLabels(labels))],
            ("name", "shapes")));

        Assert.Equal(("images", 6), (dataset.Kind, dataset.Rows));
        Assert.Equal([1, 8, 8], dataset.ItemShape);
        var store = service.Service<DatasetStore>();
        var rows = await store.ReadRowsAsync((await store.GetAsync(dataset.Id))!);
        Assert.Equal(new string?[] { "0", "1", "2", "0", "1", "2" }, rows.Labels!);
        Assert.Equal(images[1][10], rows.Features.Values[64 + 10]);
    }

    [Fact]
    public async Task A_zip_of_pngs_is_resized_and_labelled_by_folder()
    {
        var (images, labels) = DatasetFiles.Shapes(perClass: 2);
        var dataset = await Created(await client.UploadAsync("/api/datasets/images-zip",
            [("file", "shapes.zip", DatasetFiles.PngZip(images, labels))], ("name", "pngs"), ("width", "4"), ("height", "4"), ("channels", "1")));

        Assert.Equal(("images", 6), (dataset.Kind, dataset.Rows));
        Assert.Equal([1, 4, 4], dataset.ItemShape);
    }

    [Fact]
    public async Task A_three_dimensional_npy_array_is_a_sequences_dataset()
    {
        var (values, _) = DatasetFiles.SineWaves(perClass: 2, steps: 5);
        var dataset = await Created(await client.UploadAsync("/api/datasets/npy",
            [("file", "waves.npy", DatasetFiles.NpyFloat32(values, 6, 5, 1))], ("name", "waves")));

        Assert.Equal(("sequences", 6), (dataset.Kind, dataset.Rows));
        Assert.Equal([5, 1], dataset.ItemShape);
    }

    [Fact]
    public async Task Long_csv_sequences_are_grouped_by_id_and_ordered_by_step()
    {
        var csv = "series,t,x,y,kind\nb,1,5,6,q\na,1,3,4,p\na,0,1,2,p\nb,0,7,8,q\n";
        var dataset = await Created(await client.UploadAsync("/api/datasets/sequences-csv",
            [("file", "long.csv", System.Text.Encoding.UTF8.GetBytes(csv))],
            ("name", "long"), ("idColumn", "series"), ("stepColumn", "t"), ("labelColumn", "kind")));

        Assert.Equal(("sequences", 2), (dataset.Kind, dataset.Rows));
        Assert.Equal([2, 2], dataset.ItemShape);
        Assert.Equal(["x", "y"], dataset.FeatureNames);
    }

    [Fact]
    public async Task Csv_gaps_are_filled_and_categorical_columns_one_hot_encoded_when_asked()
    {
        var csv = "a,colour\n1,red\n,blue\n3,red\n";
        var dataset = await Created(await client.UploadAsync("/api/datasets",
            [("file", "t.csv", System.Text.Encoding.UTF8.GetBytes(csv))], ("name", "mixed"), ("missingValues", "mean"), ("categoricalColumns", "colour")));

        Assert.Equal(["a", "colour=blue", "colour=red"], dataset.FeatureNames);
        Assert.Equal(("table", 3), (dataset.Kind, dataset.ItemShape[0]));
        var store = service.Service<DatasetStore>();
        var rows = await store.ReadRowsAsync((await store.GetAsync(dataset.Id))!);
        Assert.Equal([1f, 0f, 1f, 2f, 1f, 0f, 3f, 0f, 1f], rows.Features.Values);
    }

    [Fact]
    public async Task An_empty_csv_cell_is_refused_by_default_naming_its_column()
    {
        var response = await client.UploadAsync("/api/datasets", [("file", "t.csv", "a,b\n1,\n"u8.ToArray())], ("name", "gap"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("'b'", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_file_that_is_not_idx_is_a_bad_request_not_a_server_error()
    {
        var response = await client.UploadAsync("/api/datasets/idx", [("file", "x.idx", "not an idx file"u8.ToArray())], ("name", "bad"));

        await response.ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_image_zip_with_three_channels_too_many_is_refused_naming_channels()
    {
        var response = await client.UploadAsync("/api/datasets/images-zip", [("file", "x.zip", DatasetFiles.PngZip([], []))],
            ("name", "bad"), ("width", "4"), ("height", "4"), ("channels", "4"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["channels"]);
    }
}
