using System.Net;
using System.Net.Http.Json;
using System.Text;
using WebClustering.Api.Datasets;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Operations;

[Collection(ServiceCollection.Name)]
public sealed class IdempotencyTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task A_retried_dataset_upload_returns_the_first_dataset_instead_of_a_second()
    {
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Upload()
        {
            var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.UTF8.GetBytes("a,b\n1,2\n3,4\n")), "file", "d.csv" },
                { new StringContent("retried"), "name" },
            };
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/datasets") { Content = form };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var first = await Upload();
        var second = await Upload();

        await first.ShouldHaveStatus(HttpStatusCode.Created);
        await second.ShouldHaveStatus(HttpStatusCode.Created);
        var a = (await first.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
        var b = (await second.Content.ReadFromJsonAsync<DatasetResponse>(ApiClient.Json))!;
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var all = (await client.GetFromJsonAsync<DatasetListResponse>("/api/datasets?limit=500", ApiClient.Json))!;
        Assert.Single(all.Items, d => d.Name == "retried");
    }

    [Fact]
    public async Task A_retried_job_post_is_queued_once_and_the_key_cannot_be_reused_for_another_request()
    {
        var dataset = await client.CreateDatasetAsync("a,b\n1,2\n3,4\n5,6\n");
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Post(int k)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
            {
                Content = JsonContent.Create(new { datasetId = dataset.Id, training = new { epochs = 1 }, clustering = new { k } }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var first = await client.SendAsync(Post(2));
        var retry = await client.SendAsync(Post(2));
        var other = await client.SendAsync(Post(3));

        await first.ShouldHaveStatus(HttpStatusCode.Accepted);
        await retry.ShouldHaveStatus(HttpStatusCode.Accepted);
        var job = (await first.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
        Assert.Equal(job.Id, (await retry.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        await other.ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        var jobs = (await client.GetFromJsonAsync<JobListResponse>("/api/jobs?limit=500", ApiClient.Json))!;
        Assert.Single(jobs.Items, j => j.DatasetId == dataset.Id);
    }
}
