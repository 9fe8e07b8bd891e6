using System.Net;
using System.Net.Http.Json;
using System.Text;
using WebClustering.Api.Datasets;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Tests.Datasets;

/// <summary>
/// The rules across the rows of a long-format sequence upload, which the service runs in PostgreSQL as it stages
/// the rows: sequences in order of their first line, steps sorted as numbers, one label per sequence, each step
/// once, the same number of steps in every sequence; a broken rule is a 400 naming the line, column and values.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class SequenceUploadTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    private Task<HttpResponseMessage> Upload(string csv, params (string, string)[] fields) =>
        client.UploadAsync("/api/datasets/sequences-csv", [("file", "long.csv", Encoding.UTF8.GetBytes(csv))], [("name", "sequences"), .. fields]);

    [Fact]
    public async Task Rows_are_grouped_by_first_appearance_of_their_id_and_each_sequence_sorted_by_numeric_step()
    {
        // Steps 10, 9 and -1.5 sort as numbers (text order would put "10" before "9").
        var response = await Upload("id,step,x,y\nb,1,21,22\na,10,14,15\nb,0,20,20.5\na,9,12,13\na,-1.5,10,11\nb,2,24,25\n");

        await response.ShouldHaveStatus(HttpStatusCode.Created);
        var dataset = (await response.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
        Assert.Equal(("sequences", 2), (dataset.Kind, dataset.Rows));
        Assert.Equal([3, 2], dataset.ItemShape);
        Assert.Equal(["x", "y"], dataset.FeatureNames);
        var store = service.Service<DatasetStore>();
        var rows = await store.ReadRowsAsync((await store.GetAsync(dataset.Id))!);
        Assert.Equal(["b", "a"], rows.ItemIds);
        Assert.Null(rows.Labels);
        Assert.Equal([20f, 20.5f, 21f, 22f, 24f, 25f, 10f, 11f, 12f, 13f, 14f, 15f], rows.Features.Values);
    }

    [Fact]
    public async Task Each_sequence_takes_its_label_from_its_rows_with_named_columns_and_another_separator()
    {
        var response = await Upload("t;who;v;class\n1;p;2;walk\n0;q;3;run\n0;p;1;walk\n1;q;4;run\n",
            ("idColumn", "who"), ("stepColumn", "t"), ("labelColumn", "class"));

        await response.ShouldHaveStatus(HttpStatusCode.Created);
        var dataset = (await response.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
        var store = service.Service<DatasetStore>();
        var rows = await store.ReadRowsAsync((await store.GetAsync(dataset.Id))!);
        Assert.Equal(["p", "q"], rows.ItemIds);
        Assert.Equal(["walk", "run"], rows.Labels!.Cast<string>().ToArray());
        Assert.Equal([1f, 2f, 3f, 4f], rows.Features.Values);
    }

    [Theory]
    [InlineData("id,step,x\na,0,1\na,1,2\nb,0,3\n", null, null, null,
        "The sequence 'b' has 1 steps, but 'a' (the first in the file) has 2. Every sequence must have the same number of steps.")]
    [InlineData("id,step,x\na,0,1\na,1,2\nb,0,3\na,1.0,4\nb,1,5\n", null, 5L, null,
        "Line 5 (counting the header as line 1): the sequence 'a' already has step 1 on line 3. Each step may appear once per sequence.")]
    [InlineData("id,step,x,l\na,0,1,u\nb,0,2,w\na,1,2,v\nb,1,3,w\n", "l", 4L, "l",
        "Line 4 (counting the header as line 1), column 'l': the sequence 'a' has the label 'v' here but 'u' on line 2. A sequence has one label.")]
    public async Task Sequences_that_do_not_fit_together_are_refused_naming_the_line_and_leave_no_dataset(
        string csv, string? labelColumn, long? line, string? column, string detail)
    {
        long before = await service.DatasetCountAsync();

        var response = labelColumn is null ? await Upload(csv) : await Upload(csv, ("labelColumn", labelColumn));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Equal(detail, problem["detail"]!.GetValue<string>());
        Assert.Equal(line, problem["line"]?.GetValue<long>());
        Assert.Equal(column, problem["column"]?.GetValue<string>());
        Assert.Equal(before, await service.DatasetCountAsync());
    }
}
