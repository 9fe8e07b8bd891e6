using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Serving;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Core.Search;

namespace WebClustering.Api.Tests.Serving;

[Collection(ServiceCollection.Name)]
public sealed class SimilarItemsTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task Similar_items_come_from_the_same_blob_best_first_without_the_item_itself()
    {
        var trained = await service.BlobsJobAsync();

        var similar = (await client.GetFromJsonAsync<SimilarResponse>($"/api/jobs/{trained.Job.Id}/items/item-0004/similar?k=10&metric=cosine", ApiClient.Json))!;

        Assert.Equal(10, similar.Items.Count);
        Assert.DoesNotContain(similar.Items, i => i.ItemId == "item-0004");
        Assert.Equal(similar.Items.Select(i => i.Score).OrderDescending(), similar.Items.Select(i => i.Score));
        // Rows are interleaved by blob (row i belongs to blob i % 3): neighbours of item 4 are in blob 1.
        Assert.All(similar.Items, i => Assert.Equal(1, int.Parse(i.ItemId[5..]) % 3));
    }

    [Fact]
    public async Task L2_scores_are_distances_nearest_first_and_same_cluster_keeps_to_the_cluster()
    {
        var trained = await service.BlobsJobAsync();
        var item = (await client.GetFromJsonAsync<EmbeddingResponse>($"/api/jobs/{trained.Job.Id}/embeddings/item-0010", ApiClient.Json))!;

        var similar = (await client.GetFromJsonAsync<SimilarResponse>($"/api/jobs/{trained.Job.Id}/items/item-0010/similar?k=5&metric=l2&sameCluster=true", ApiClient.Json))!;

        Assert.Equal(similar.Items.Select(i => i.Score).Order(), similar.Items.Select(i => i.Score));
        Assert.All(similar.Items, i => Assert.Equal(item.Cluster, i.Cluster));
    }

    [Fact]
    public async Task Searching_with_an_items_own_vector_finds_that_item_first()
    {
        var trained = await service.BlobsJobAsync();
        var item = (await client.GetFromJsonAsync<EmbeddingResponse>($"/api/jobs/{trained.Job.Id}/embeddings/item-0042", ApiClient.Json))!;

        var response = await client.PostAsJsonAsync($"/api/jobs/{trained.Job.Id}/similar", new { vector = item.Vector, k = 3, metric = "l2" }, ApiClient.Json);

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        var similar = (await response.Content.ReadFromJsonAsync<SimilarResponse>(ApiClient.Json))!;
        Assert.Equal("item-0042", similar.Items[0].ItemId);
        Assert.Equal(0f, similar.Items[0].Score, 5);
    }

    [Fact]
    public async Task Answers_are_the_same_once_the_neighbour_lists_are_built()
    {
        var trained = await service.BlobsJobAsync();
        var url = $"/api/jobs/{trained.Job.Id}/items/item-0033/similar?metric=dot";
        // The first request for a metric is searched, and starts building every item's top 50 in the background.
        var searched = await client.GetStringAsync(url + "&k=10");
        var searchedMore = await client.GetStringAsync(url + "&k=50");

        // Asked of this host's cache: /metrics is shared by every host a test process starts.
        var indexes = service.Service<VectorIndexCache>();
        for (int tries = 0; tries < 300 && indexes.NeighbourListStates().GetValueOrDefault((SimilarityMetric.Dot, false)) > 0; tries++)
            await Task.Delay(100);
        Assert.True(indexes.NeighbourListStates().GetValueOrDefault((SimilarityMetric.Dot, true)) >= 1);

        Assert.Equal(searched, await client.GetStringAsync(url + "&k=10"));
        Assert.Equal(searchedMore, await client.GetStringAsync(url + "&k=50"));
        // Beyond the lists' 50, and within a cluster, the search answers.
        var many = (await client.GetFromJsonAsync<SimilarResponse>(url + "&k=60", ApiClient.Json))!;
        Assert.Equal(60, many.Items.Count);
        var same = (await client.GetFromJsonAsync<SimilarResponse>(url + "&k=5&sameCluster=true", ApiClient.Json))!;
        Assert.Equal(5, same.Items.Count);
        Assert.Single(same.Items.Select(i => i.Cluster).Distinct());
    }

    [Fact]
    public async Task The_json_is_what_the_serializer_writes_for_the_response_record()
    {
        var trained = await service.BlobsJobAsync();

        foreach (var url in new[] { $"/api/jobs/{trained.Job.Id}/items/item-0005/similar?k=7&metric=L2", $"/api/jobs/{trained.Job.Id}/items/item-0006/similar" })
        {
            var response = await client.GetAsync(url);
            await response.ShouldHaveStatus(HttpStatusCode.OK);
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            var text = await response.Content.ReadAsStringAsync();
            var parsed = System.Text.Json.JsonSerializer.Deserialize<SimilarResponse>(text, WebClustering.Api.Hosting.ApiJson.Options)!;
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(parsed, WebClustering.Api.Hosting.ApiJson.Options), text);
        }
    }

    [Fact]
    public async Task Bad_similarity_requests_are_refused_by_field()
    {
        var trained = await service.BlobsJobAsync();
        var id = trained.Job.Id;

        await (await client.GetAsync($"/api/jobs/{id}/items/item-0001/similar?metric=manhattan")).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"/api/jobs/{id}/items/item-0001/similar?k=0")).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"/api/jobs/{id}/items/nobody/similar")).ShouldBeProblem(HttpStatusCode.NotFound);
        var wrongLength = await client.PostAsJsonAsync($"/api/jobs/{id}/similar", new { vector = new[] { 1f, 2f } }, ApiClient.Json);
        var problem = await wrongLength.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("3", problem["errors"]!["vector"]![0]!.GetValue<string>());
    }
}
