using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs;
using WebClustering.Api.Registry;
using WebClustering.Api.Serving;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Validation;

/// <summary>
/// Every paged list refuses an offset or limit out of range with a 400 naming the parameter and its range, instead of
/// clamping it; the bounds themselves are accepted.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class ListParameterTests(ServiceFixture service)
{
    /// <summary>Each list with the largest limit it takes; {job} is a trained job's id.</summary>
    public static TheoryData<string, int> Lists => new()
    {
        { "/api/jobs", 500 },
        { "/api/datasets", 500 },
        { "/api/models", 500 },
        { "/api/jobs/{job}/embeddings", 10_000 },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_limit_below_one_above_the_page_size_or_a_negative_offset_is_a_400_naming_it(string list, int maxLimit)
    {
        var client = service.CreateClient();
        var path = await PathAsync(list);

        foreach (var limit in new[] { -1, 0, maxLimit + 1, 100_000_000 })
            await (await client.GetAsync($"{path}?limit={limit}")).ShouldBeRefused(HttpStatusCode.BadRequest,
                "limit", $"limit must be between 1 and {maxLimit} (it is {limit}).");
        await (await client.GetAsync($"{path}?offset=-5")).ShouldBeRefused(HttpStatusCode.BadRequest, "offset", "offset must be 0 or more (it is -5).");
        // Both wrong: both named.
        await (await client.GetAsync($"{path}?offset=-1&limit=0")).ShouldBeRefused(HttpStatusCode.BadRequest,
            "offset must be 0 or more", $"limit must be between 1 and {maxLimit}");
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task The_bounds_are_accepted(string list, int maxLimit)
    {
        var client = service.CreateClient();
        var path = await PathAsync(list);
        foreach (var query in new[] { "limit=1", $"limit={maxLimit}", "offset=0&limit=1", "offset=1000000" })
            await (await client.GetAsync($"{path}?{query}")).ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_page_is_as_long_as_the_limit_asked_for()
    {
        var client = service.CreateClient();
        var job = (await service.BlobsJobAsync()).Job;
        await client.CreateDatasetAsync("a,b\n1,2\n3,4\n");
        await client.CreateDatasetAsync("a,b\n5,6\n7,8\n");

        var datasets = (await client.GetFromJsonAsync<DatasetListResponse>("/api/datasets?limit=1", ApiClient.Json))!;
        var jobs = (await client.GetFromJsonAsync<JobListResponse>("/api/jobs?limit=1", ApiClient.Json))!;
        var embeddings = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{job.Id}/embeddings?offset=2&limit=3", ApiClient.Json))!;
        var models = (await client.GetFromJsonAsync<ModelListResponse>("/api/models?limit=1", ApiClient.Json))!;

        Assert.Equal((1, 1, 1), (datasets.Items.Count, jobs.Items.Count, models.Items.Count));
        Assert.Equal((0, 1), (datasets.Offset, datasets.Limit));
        Assert.Equal(3, embeddings.Items.Count);
        Assert.Equal((2, 3), (embeddings.Offset, embeddings.Limit));
    }

    private async Task<string> PathAsync(string list) =>
        list.Contains("{job}") ? list.Replace("{job}", (await service.BlobsJobAsync()).Job.Id.ToString()) : list;
}
