using System.Net.Http.Json;
using WebClustering.Api.Serving;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Api.Tests.Reliability;

namespace WebClustering.Api.Tests.Serving;

/// <summary>
/// Jobs at or above WebClustering:ApproximateSearchMinItems (set low here, so a small job gets an index): the worker
/// builds and stores the HNSW indexes, a separate API process loads them and answers from them, and exact=true
/// still gives the brute-force answer.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ApproximateSimilarItemsTests
{
    private const int Rows = 1200;

    private static readonly Dictionary<string, string> Threshold = new() { ["WebClustering__ApproximateSearchMinItems"] = "1000" };

    [Fact]
    public async Task An_index_built_by_the_job_is_served_by_another_api_process_and_exact_true_is_brute_force()
    {
        await using var database = await TestDatabase.CreateAsync();
        var processes = await Task.WhenAll(
            ServiceProcess.StartAsync("api", database.ConnectionString, "Api", Threshold),
            ServiceProcess.StartAsync("worker", database.ConnectionString, "Worker", new Dictionary<string, string>(Threshold)));
        await using var api = processes[0];
        await using var worker = processes[1];
        var dataset = await api.Client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: Rows / 4, clusters: 4, dims: 12), "item", "species");
        var id = await api.Client.QueueJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { hiddenLayers = new[] { 32 }, latentDim = 8 },
            training = new { epochs = 3, batchSize = 64 },
            clustering = new { k = 4 },
        });
        var job = await api.Client.WaitForJobAsync(id, WorkerProcesses.Training);
        Assert.True(job.State == "succeeded", $"{job.State}: {job.Error}");

        // Built once, by the worker, for every metric; the API process only loads.
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM job_vector_indexes WHERE job_id = @id AND item_count = @rows",
            ("id", id), ("rows", Rows)));
        Assert.Contains("HNSW index of job", worker.Output);

        var vectors = await VectorsAsync(api.Client, id);
        // dot has no index: it is answered exactly, from the neighbour-list-free exact search.
        string dotUrl = $"/api/jobs/{id}/items/{vectors.Keys.First()}/similar?k=10&metric=dot";
        var dot = (await api.Client.GetFromJsonAsync<SimilarResponse>(dotUrl, ApiClient.Json))!;
        Assert.Equal("exact", dot.Search);
        Assert.Equal(BruteForce(vectors, vectors.Keys.First(), "dot", 10).Order(), dot.Items.Select(i => i.ItemId).Order());
        foreach (var metric in new[] { "cosine", "l2" })
        {
            string url = $"/api/jobs/{id}/items/{vectors.Keys.First()}/similar?k=10&metric={metric}";
            SimilarResponse approximate = await WaitForHnswAsync(api.Client, url);
            int hits = 0, queries = 0;
            foreach (var item in vectors.Keys.Where((_, i) => i % 60 == 0))
            {
                string itemUrl = $"/api/jobs/{id}/items/{item}/similar?k=10&metric={metric}";
                var exact = (await api.Client.GetFromJsonAsync<SimilarResponse>(itemUrl + "&exact=true", ApiClient.Json))!;
                Assert.Equal("exact", exact.Search);
                // The same items as brute force in double precision, best first (the order of near-ties may differ in float).
                Assert.Equal(BruteForce(vectors, item, metric, 10).Order(), exact.Items.Select(i => i.ItemId).Order());
                var scores = exact.Items.Select(i => metric == "l2" ? -i.Score : i.Score).ToList();
                // Best first, up to rounding: the exact search ranks by its own float kernel, then reports each score afresh.
                Assert.All(scores.Zip(scores.Skip(1)), pair => Assert.True(pair.First >= pair.Second - 1e-5f, $"{metric}: {pair}"));
                var fromIndex = (await api.Client.GetFromJsonAsync<SimilarResponse>(itemUrl, ApiClient.Json))!;
                Assert.Equal("hnsw", fromIndex.Search);
                Assert.DoesNotContain(item, fromIndex.Items.Select(i => i.ItemId));
                hits += fromIndex.Items.Count(i => exact.Items.Any(e => e.ItemId == i.ItemId));
                queries++;
            }
            Assert.True(hits >= 0.95 * 10 * queries, $"{metric}: {hits} of {10 * queries} exact neighbours found");
            Assert.Equal(10, approximate.Items.Count);
        }
        // sameCluster (and a vector search with a cluster) answer exactly; a plain vector search uses the index.
        var same = (await api.Client.GetFromJsonAsync<SimilarResponse>($"/api/jobs/{id}/items/{vectors.Keys.First()}/similar?k=5&sameCluster=true", ApiClient.Json))!;
        Assert.Equal("exact", same.Search);
        var byVector = await api.Client.PostAsJsonAsync($"/api/jobs/{id}/similar", new { vector = vectors.Values.First(), k = 5 }, ApiClient.Json);
        Assert.Equal("hnsw", (await byVector.Content.ReadFromJsonAsync<SimilarResponse>(ApiClient.Json))!.Search);
        Assert.Contains("Loaded the cosine HNSW index", api.Output);
        Assert.DoesNotContain("Built the", api.Output);
    }

    /// <summary>The first requests are searched exactly while the API process loads the index in the background.</summary>
    private static async Task<SimilarResponse> WaitForHnswAsync(HttpClient client, string url)
    {
        for (int tries = 0; ; tries++)
        {
            var response = (await client.GetFromJsonAsync<SimilarResponse>(url, ApiClient.Json))!;
            if (response.Search == "hnsw" || tries == 300) return response.Search == "hnsw" ? response : throw new Xunit.Sdk.XunitException($"{url} never answered from the index");
            await Task.Delay(100);
        }
    }

    private static async Task<Dictionary<string, float[]>> VectorsAsync(HttpClient client, Guid id)
    {
        var page = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{id}/embeddings?limit=10000&fields=vector", ApiClient.Json))!;
        Assert.Equal(Rows, page.Items.Count);
        return page.Items.ToDictionary(item => item.ItemId, item => item.Vector!);
    }

    /// <summary>Every other item scored in double precision, best first.</summary>
    private static IEnumerable<string> BruteForce(Dictionary<string, float[]> vectors, string item, string metric, int k)
    {
        var query = vectors[item];
        double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
        double Score(float[] v) => metric switch
        {
            "cosine" => Dot(query, v) / Math.Sqrt(Dot(query, query) * Dot(v, v)),
            "dot" => Dot(query, v),
            _ => -Math.Sqrt(query.Zip(v, (x, y) => ((double)x - y) * (x - y)).Sum()),
        };
        return vectors.Where(pair => pair.Key != item).OrderByDescending(pair => Score(pair.Value)).ThenBy(pair => pair.Key).Take(k).Select(pair => pair.Key);
    }
}
