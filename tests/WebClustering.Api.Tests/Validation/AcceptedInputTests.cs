using System.Net;
using System.Net.Http.Json;
using System.Text;
using WebClustering.Api.Datasets;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Tests.Validation;

/// <summary>Inputs that look odd but are valid, read as their writer meant them.</summary>
[Collection(ServiceCollection.Name)]
public sealed class AcceptedInputTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    private async Task<(DatasetResponse Dataset, DatasetRows Rows)> Upload(byte[] csv, params (string, string)[] fields)
    {
        var response = await client.UploadAsync("/api/datasets", [("file", "t.csv", csv)], [("name", "odd"), .. fields]);
        await response.ShouldHaveStatus(HttpStatusCode.Created);
        var dataset = (await response.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
        var store = service.Service<DatasetStore>();
        return (dataset, await store.ReadRowsAsync((await store.GetAsync(dataset.Id))!));
    }

    [Fact]
    public async Task A_byte_order_mark_is_stripped_from_the_first_column_name()
    {
        byte[] csv = [0xEF, 0xBB, 0xBF, .. "id,x,y\r\na,1,2\r\nb,3,4\r\n"u8.ToArray()];

        var (dataset, rows) = await Upload(csv, ("idColumn", "id"));

        Assert.Equal("id", dataset.IdColumn);
        Assert.Equal(["x", "y"], dataset.FeatureNames);
        Assert.Equal(["a", "b"], rows.ItemIds);
    }

    [Fact]
    public async Task Separators_line_breaks_and_quotes_inside_quoted_values_are_data()
    {
        var csv = "id,\"x,1\",label\n\"a,1\",1.5,\"north, \"\"upper\"\"\nside\"\n\"b;2\",\"2.5\",south\n";

        var (dataset, rows) = await Upload(Encoding.UTF8.GetBytes(csv), ("idColumn", "id"), ("labelColumn", "label"));

        Assert.Equal(["x,1"], dataset.FeatureNames);
        Assert.Equal(["a,1", "b;2"], rows.ItemIds);
        Assert.Equal(new string?[] { "north, \"upper\"\nside", "south" }, rows.Labels!);
        Assert.Equal([1.5f, 2.5f], rows.Features.Values);
    }

    [Fact]
    public async Task Semicolons_and_trailing_blank_lines_are_read()
    {
        var (dataset, rows) = await Upload("a;b\n1;2\n3;4\n\n\n"u8.ToArray());

        Assert.Equal(["a", "b"], dataset.FeatureNames);
        Assert.Equal([1f, 2f, 3f, 4f], rows.Features.Values);
    }
}
