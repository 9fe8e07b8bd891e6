using WebClustering.Api.Serving;
using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Serving;

/// <summary>Batch reads with <c>Accept: application/octet-stream</c>, read as the README documents the format.</summary>
[Collection(ServiceCollection.Name)]
public sealed class BinaryBatchTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();
    private static readonly string[] Asked = ["item-0100", "ghost", "item-0002", "item-0100", "ghost", "item-0179"];

    [Fact]
    public async Task A_binary_batch_carries_what_the_json_batch_carries()
    {
        var trained = await service.BlobsJobAsync();
        var url = $"/api/jobs/{trained.Job.Id}/embeddings/batch";
        var json = (await (await client.PostAsJsonAsync(url, new { itemIds = Asked }, ApiClient.Json))
            .Content.ReadFromJsonAsync<EmbeddingBatchResponse>(ApiClient.Json))!;

        var response = await client.SendAsync(BinaryRequest(url, new { itemIds = Asked }));

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        var binary = Read(body);
        Assert.Equal(["item-0100", "item-0002", "item-0179"], binary.Ids);
        Assert.Equal(["ghost"], binary.Missing);
        Assert.Equal(json.Items.Select(e => e.ItemId), binary.Ids);
        Assert.Equal(json.Items.Select(e => e.Cluster!.Value), binary.Clusters);
        // JSON writes floats so that they read back exactly: the two forms must agree bit for bit.
        Assert.Equal(json.Items.SelectMany(e => e.Vector!), binary.Vectors.SelectMany(v => v));
    }

    [Fact]
    public async Task Json_stays_the_answer_without_the_binary_accept_header()
    {
        var trained = await service.BlobsJobAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{trained.Job.Id}/embeddings/batch")
        {
            Content = JsonContent.Create(new { itemIds = Asked }),
            Headers = { { "Accept", "application/json" } },
        };

        var response = await client.SendAsync(request);

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["items", "missing"], body.Select(p => p.Key));
        Assert.Equal(["itemId", "cluster", "vector"], body["items"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(3, body["items"]!.AsArray().Count);
        Assert.Equal("ghost", body["missing"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Reconstruction_errors_are_refused_in_binary_and_an_empty_answer_is_well_formed()
    {
        var trained = await service.BlobsJobAsync();
        var url = $"/api/jobs/{trained.Job.Id}/embeddings/batch";

        var refused = await client.SendAsync(BinaryRequest(url, new { itemIds = Asked, fields = "vector,reconstructionError" }));
        var problem = await refused.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem["errors"]!["fields"]![0]!.GetValue<string>());

        var none = Read(await (await client.SendAsync(BinaryRequest(url, new { itemIds = new[] { "nobody", "nobody" } }))).Content.ReadAsByteArrayAsync());
        Assert.Empty(none.Ids);
        Assert.Equal(["nobody"], none.Missing);
    }

    [Theory]
    [InlineData("escaped characters", """{"itemIds":["item\u002d0100","ghost","item-0002","item-0100","gh\u006fst","item-0179"]}""")]
    [InlineData("other spellings of the properties", """{"ItemIds":["item-0100","ghost","item-0002","item-0100","ghost","item-0179"],"FIELDS":null}""")]
    [InlineData("fields before the ids and white space", """ { "fields" : "vector,cluster" , "itemIds" : [ "item-0100" , "ghost" , "item-0002" , "item-0100" , "ghost" , "item-0179" ] } """)]
    public async Task Bodies_written_differently_get_the_same_answer(string _, string body)
    {
        var trained = await service.BlobsJobAsync();
        var url = $"/api/jobs/{trained.Job.Id}/embeddings/batch";
        var plain = await (await client.SendAsync(BinaryRequest(url, new { itemIds = Asked }))).Content.ReadAsByteArrayAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { { "Accept", "application/octet-stream" } },
        };

        var response = await client.SendAsync(request);

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Equal(plain, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["item-0100", "item-0002", "item-0179"], Read(plain).Ids);
    }

    [Fact]
    public async Task An_id_that_is_not_utf8_is_refused()
    {
        var trained = await service.BlobsJobAsync();
        // 0xC3 0x28: a lead byte followed by one that cannot continue it.
        byte[] body = [.. Encoding.ASCII.GetBytes("{\"itemIds\":[\"item-0100\",\""), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("\"]}")];
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{trained.Job.Id}/embeddings/batch")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
            Headers = { { "Accept", "application/octet-stream" } },
        };

        var problem = await (await client.SendAsync(request)).ShouldBeProblem(HttpStatusCode.BadRequest);

        Assert.Contains("itemIds", problem.ToJsonString());
    }

    private static HttpRequestMessage BinaryRequest(string url, object body) => new(HttpMethod.Post, url)
    {
        Content = JsonContent.Create(body),
        Headers = { { "Accept", "application/octet-stream" } },
    };

    private sealed record Batch(string[] Ids, int[] Clusters, float[][] Vectors, string[] Missing);

    /// <summary>The format as documented: "WCE1", n, d, m, int32[n] clusters, float32[n*d] vectors, n+m length-prefixed UTF-8 ids.</summary>
    private static Batch Read(byte[] body)
    {
        Assert.Equal("WCE1"u8.ToArray(), body[..4]);
        int n = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(4)), d = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(8)),
            m = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(12));
        int offset = 16;
        var clusters = new int[n];
        for (int i = 0; i < n; i++, offset += 4) clusters[i] = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(offset));
        var vectors = new float[n][];
        for (int i = 0; i < n; i++)
        {
            vectors[i] = new float[d];
            for (int j = 0; j < d; j++, offset += 4) vectors[i][j] = BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(offset));
        }
        var ids = new string[n + m];
        for (int i = 0; i < n + m; i++)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(offset));
            ids[i] = Encoding.UTF8.GetString(body, offset + 4, length);
            offset += 4 + length;
        }
        Assert.Equal(body.Length, offset);
        return new Batch(ids[..n], clusters, vectors, ids[n..]);
    }
}
