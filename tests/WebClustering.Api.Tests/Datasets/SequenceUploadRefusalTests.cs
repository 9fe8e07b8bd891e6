using System.Net;
using System.Text;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Datasets;

/// <summary>
/// Long-format sequences that do not fit together are found by the database once every row is staged; the client
/// still gets a 400 that names the line and column, in the in-memory reader's words, and no dataset is left.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class SequenceUploadRefusalTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Theory]
    [InlineData("id,step,x,kind\na,0,1,u\nb,0,5,w\na,1,2,v\n", 4L, "kind",
        "Line 4 (counting the header as line 1), column 'kind': the sequence 'a' has the label 'v' here but 'u' on line 2. A sequence has one label.")]
    [InlineData("id,step,x,kind\na,0,1,u\na,1.5,2,u\nb,0,3,w\na,1.5,4,u\n", 5L, null,
        "Line 5 (counting the header as line 1): the sequence 'a' already has step 1.5 on line 3. Each step may appear once per sequence.")]
    [InlineData("id,step,x,kind\na,0,1,u\na,1,2,u\nb,0,3,w\n", null, null,
        "The sequence 'b' has 1 steps, but 'a' (the first in the file) has 2. Every sequence must have the same number of steps.")]
    public async Task Sequences_that_do_not_fit_together_are_refused_naming_where(string csv, long? line, string? column, string detail)
    {
        long before = await service.DatasetCountAsync();

        var response = await client.UploadAsync("/api/datasets/sequences-csv", [("file", "s.csv", Encoding.UTF8.GetBytes(csv))],
            ("name", "misfit"), ("labelColumn", "kind"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Equal(detail, problem["detail"]!.GetValue<string>());
        Assert.Equal(line, problem["line"]?.GetValue<long>());
        Assert.Equal(column, problem["column"]?.GetValue<string>());
        Assert.Equal(before, await service.DatasetCountAsync());
    }
}
