using WebClustering.Api.Serving;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Serving;

[Collection(ServiceCollection.Name)]
public sealed class EmbeddingReadTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task Following_next_cursors_visits_every_item_once_in_row_order()
    {
        var trained = await service.BlobsJobAsync();
        var seen = new List<string>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var url = $"/api/jobs/{trained.Job.Id}/embeddings?limit=50" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = (await client.GetFromJsonAsync<EmbeddingsPage>(url, ApiClient.Json))!;
            Assert.Equal(180, page.Total);
            seen.AddRange(page.Items.Select(e => e.ItemId));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null && pages < 10);

        Assert.Equal(4, pages);
        Assert.Equal(Enumerable.Range(0, 180).Select(i => $"item-{i:D4}"), seen);
    }

    [Fact]
    public async Task Filtering_by_cluster_returns_only_that_cluster()
    {
        var trained = await service.BlobsJobAsync();
        var clusters = (await client.GetFromJsonAsync<ClustersResponse>($"/api/jobs/{trained.Job.Id}/clusters", ApiClient.Json))!;

        var page = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{trained.Job.Id}/embeddings?cluster=1&limit=10000", ApiClient.Json))!;

        Assert.Equal(clusters.Sizes[1], page.Total);
        Assert.Equal(clusters.Sizes[1], page.Items.Count);
        Assert.All(page.Items, e => Assert.Equal(1, e.Cluster));
    }

    [Fact]
    public async Task Fields_choose_what_each_item_carries()
    {
        var trained = await service.BlobsJobAsync();

        var page = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{trained.Job.Id}/embeddings?limit=3&fields=reconstructionError", ApiClient.Json))!;

        Assert.All(page.Items, e =>
        {
            Assert.Null(e.Vector);
            Assert.Null(e.Cluster);
            Assert.True(e.ReconstructionError >= 0);
        });
        var bad = await client.GetAsync($"/api/jobs/{trained.Job.Id}/embeddings?fields=colour");
        Assert.Contains("fields", (await bad.ShouldBeProblem(HttpStatusCode.BadRequest))["errors"]!.ToJsonString());
    }

    [Fact]
    public async Task A_single_item_is_read_by_its_id()
    {
        var trained = await service.BlobsJobAsync();

        var item = (await client.GetFromJsonAsync<EmbeddingResponse>($"/api/jobs/{trained.Job.Id}/embeddings/item-0007", ApiClient.Json))!;

        Assert.Equal("item-0007", item.ItemId);
        Assert.Equal(3, item.Vector!.Length);
        await (await client.GetAsync($"/api/jobs/{trained.Job.Id}/embeddings/nobody")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_batch_read_keeps_the_order_asked_for_and_lists_unknown_ids()
    {
        var trained = await service.BlobsJobAsync();
        var ids = new[] { "item-0100", "ghost", "item-0002", "item-0100" };

        var response = await client.PostAsJsonAsync($"/api/jobs/{trained.Job.Id}/embeddings/batch", new { itemIds = ids }, ApiClient.Json);

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        var batch = (await response.Content.ReadFromJsonAsync<EmbeddingBatchResponse>(ApiClient.Json))!;
        Assert.Equal(["item-0100", "item-0002"], batch.Items.Select(e => e.ItemId));
        Assert.Equal(["ghost"], batch.Missing);
    }

    [Fact]
    public async Task A_batch_of_more_than_ten_thousand_ids_is_refused()
    {
        var trained = await service.BlobsJobAsync();
        var ids = Enumerable.Range(0, 10_001).Select(i => $"x{i}").ToArray();

        var response = await client.PostAsJsonAsync($"/api/jobs/{trained.Job.Id}/embeddings/batch", new { itemIds = ids }, ApiClient.Json);

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("10000", problem["errors"]!["itemIds"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Finished_results_carry_an_etag_and_answer_304_when_unchanged()
    {
        var trained = await service.BlobsJobAsync();
        var url = $"/api/jobs/{trained.Job.Id}/clusters";

        var first = await client.GetAsync(url);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag!);
        var second = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);

        var otherPage = await client.GetAsync($"/api/jobs/{trained.Job.Id}/embeddings?limit=2");
        Assert.NotEqual(etag, otherPage.Headers.ETag);
    }

    [Fact]
    public async Task Json_responses_are_compressed_when_the_client_accepts_it()
    {
        var trained = await service.BlobsJobAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{trained.Job.Id}/embeddings?limit=180");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("br", response.Content.Headers.ContentEncoding);
    }
}
