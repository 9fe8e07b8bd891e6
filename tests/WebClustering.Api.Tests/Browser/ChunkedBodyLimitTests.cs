using System.Net;
using System.Text;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Api.Tests.Validation;

namespace WebClustering.Api.Tests.Browser;

/// <summary>
/// Bodies sent without a length (chunked) over a real Kestrel socket: counted as they are read and cut off one byte
/// past the limit with a 413 ProblemDetails, rather than buffered whole first.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChunkedBodyLimitTests(KestrelServiceFixture service)
{
    private readonly HttpClient client = new() { BaseAddress = service.BaseAddress };

    [Fact]
    public async Task An_upload_sent_in_chunks_is_cut_off_once_past_the_limit()
    {
        long before = await service.DatasetCountAsync();
        var csv = new StringBuilder("a,b\n");
        while (csv.Length <= ServiceFixture.MaxUploadBytes) csv.Append("1.25,2.5\n");
        var form = new MultipartFormDataContent
        {
            { new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()))), "file", "big.csv" },
            { new StringContent("big"), "name" },
        };

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/datasets") { Content = new ChunkedContent(form) });

        await response.ShouldBeRefused(HttpStatusCode.RequestEntityTooLarge, $"longer than {ServiceFixture.MaxUploadBytes} bytes", "WebClustering:MaxUploadBytes");
        Assert.Equal(before, await service.DatasetCountAsync());
    }

    [Fact]
    public async Task A_json_body_sent_in_chunks_is_cut_off_once_past_its_limit()
    {
        var json = new StringContent("{" + new string(' ', 1 << 21) + "}", Encoding.UTF8, "application/json");

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = new ChunkedContent(json) });

        await response.ShouldBeRefused(HttpStatusCode.RequestEntityTooLarge, "longer than 1048576 bytes", "WebClustering:MaxJsonBytes");
    }
}
