using System.Net;
using System.Text;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Validation;

/// <summary>
/// Bodies beyond the limits get 413 ProblemDetails naming the limit and its setting: uploads beyond
/// WebClustering:MaxUploadBytes (16 MiB in the test service), JSON bodies beyond WebClustering:MaxJsonBytes (1 MiB by
/// default), refused from the declared length before the body is read. Endpoints whose JSON carries data rows take
/// the upload limit. Bodies sent in chunks are tested over a real socket (<see cref="Browser.ChunkedBodyLimitTests"/>).
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class RequestLimitTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    private static byte[] CsvOf(long bytes)
    {
        var csv = new StringBuilder("a,b\n");
        while (csv.Length < bytes) csv.Append("1.25,2.5\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    [Fact]
    public async Task An_upload_declaring_more_than_the_limit_is_refused_before_it_is_read()
    {
        long before = await service.DatasetCountAsync();

        var response = await client.UploadAsync("/api/datasets", [("file", "big.csv", CsvOf(ServiceFixture.MaxUploadBytes + 1))], ("name", "big"));

        await response.ShouldBeRefused(HttpStatusCode.RequestEntityTooLarge, $"at most {ServiceFixture.MaxUploadBytes} are accepted for an upload",
            "WebClustering:MaxUploadBytes");
        Assert.Equal(before, await service.DatasetCountAsync());
    }

    [Fact]
    public async Task A_file_just_under_the_limit_is_taken()
    {
        // Few long rows (labels of 8000 characters), so the file is near the limit without taking long to store.
        var csv = new StringBuilder("a,label\n");
        string label = new('x', 8000);
        while (csv.Length < ServiceFixture.MaxUploadBytes - 20_000) csv.Append($"{csv.Length % 97},{label}\n");
        var response = await client.UploadAsync("/api/datasets", [("file", "fits.csv", Encoding.UTF8.GetBytes(csv.ToString()))],
            ("name", "fits"), ("labelColumn", "label"));

        await response.ShouldHaveStatus(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_json_body_beyond_its_limit_is_refused_with_a_413()
    {
        string padding = new(' ', (1 << 20) + 1);
        var body = new StringContent("{" + padding + "}", Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/jobs", body);

        await response.ShouldBeRefused(HttpStatusCode.RequestEntityTooLarge, "at most 1048576 are accepted for a JSON body", "WebClustering:MaxJsonBytes");
    }

    [Fact]
    public async Task Rows_to_encode_may_exceed_the_json_limit_as_data()
    {
        // 10,000 rows (the most one request may carry) of 40 features for a model that does not exist: past the JSON
        // limit, so only the upload limit applies and the answer is the 404.
        var features = string.Join(",", Enumerable.Repeat("1.25", 40));
        var rows = string.Join(",", Enumerable.Repeat($$"""{"id":"r","features":[{{features}}]}""", 10_000));
        Assert.True(rows.Length > 1 << 20);
        var body = new StringContent($$"""{"rows":[{{rows}}]}""", Encoding.UTF8, "application/json");

        var response = await client.PostAsync($"/api/models/{Guid.NewGuid()}/encode", body);

        await response.ShouldBeRefused(HttpStatusCode.NotFound);
    }
}
