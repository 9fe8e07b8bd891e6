using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Progress;

[Collection(ServiceCollection.Name)]
public class JobEventsTests(ServiceFixture service)
{
    private async Task<Guid> StartJobAsync(HttpClient client, int epochs)
    {
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 40, clusters: 3, dims: 10), idColumn: "item", labelColumn: "species");
        var post = await client.PostJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { hiddenLayers = new[] { 16 }, latentDim = 2 },
            training = new { epochs, batchSize = 16, seed = 1 },
            clustering = new { k = 3 },
        });
        await post.ShouldHaveStatus(HttpStatusCode.Accepted);
        return (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id;
    }

    private static JsonElement Data(SseEvent e) => JsonDocument.Parse(e.Data).RootElement;

    [Fact]
    public async Task The_stream_sends_every_epoch_in_order_and_ends_with_the_final_state()
    {
        var client = service.CreateClient();
        var id = await StartJobAsync(client, epochs: 25);

        var events = await SseClient.ReadAllAsync(client, $"/api/jobs/{id}/events", null, TimeSpan.FromMinutes(3));

        var ids = events.Select(e => int.Parse(e.Id!)).ToList();
        Assert.Equal(Enumerable.Range(ids[0], ids.Count), ids); // every stored event, in order, none twice
        var epochs = events.Where(e => e.Event == "epoch").Select(Data).ToList();
        Assert.Equal(Enumerable.Range(1, 25), epochs.Select(e => e.GetProperty("epoch").GetInt32()));
        Assert.All(epochs, e => Assert.True(e.GetProperty("loss").GetDouble() > 0));
        var progress = epochs.Select(e => e.GetProperty("progress").GetDouble()).ToList();
        Assert.Equal(progress.Order(), progress);
        Assert.All(epochs, e => Assert.True(e.GetProperty("elapsedSeconds").GetDouble() >= 0));
        Assert.All(epochs.SkipLast(1), e => Assert.True(e.GetProperty("remainingSeconds").GetDouble() >= 0));

        Assert.Equal("state", events[0].Event);
        Assert.Equal("running", Data(events[0]).GetProperty("state").GetString());
        Assert.Equal("state", events[^1].Event);
        Assert.Equal("succeeded", Data(events[^1]).GetProperty("state").GetString());
        Assert.Equal(1.0, Data(events[^1]).GetProperty("progress").GetDouble());
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_sends_only_the_later_events()
    {
        var client = service.CreateClient();
        var id = await StartJobAsync(client, epochs: 12);
        var all = await SseClient.ReadAllAsync(client, $"/api/jobs/{id}/events", null, TimeSpan.FromMinutes(3));
        var middle = all[all.Count / 2].Id!;

        var rest = await SseClient.ReadAllAsync(client, $"/api/jobs/{id}/events", middle, TimeSpan.FromMinutes(1));

        Assert.Equal(all.SkipWhile(e => e.Id != middle).Skip(1), rest);
        Assert.Equal("succeeded", Data(rest[^1]).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_finished_job_replays_its_events_and_closes()
    {
        var trained = await service.BlobsJobAsync();
        var events = await SseClient.ReadAllAsync(service.CreateClient(), $"/api/jobs/{trained.Job.Id}/events", null, TimeSpan.FromSeconds(30));
        Assert.Equal(40, events.Count(e => e.Event == "epoch"));
        Assert.Equal("succeeded", Data(events[^1]).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_failing_job_streams_until_its_failed_state_with_the_reason()
    {
        var client = service.CreateClient();
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 20, clusters: 3, dims: 10), "item", "species");
        var post = await client.PostJobAsync(new
        {
            datasetId = dataset.Id,
            training = new { epochs = 30, batchSize = 8, learningRate = 10.0, optimizer = "sgd" },
            clustering = new { k = 3 },
        });
        var id = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!.Id;

        var events = await SseClient.ReadAllAsync(client, $"/api/jobs/{id}/events", null, TimeSpan.FromMinutes(2));

        var last = Data(events[^1]);
        Assert.Equal("failed", last.GetProperty("state").GetString());
        Assert.Contains("diverged", last.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_job_status_carries_the_time_left_while_running_and_none_once_done()
    {
        var client = service.CreateClient();
        var id = await StartJobAsync(client, epochs: 150);
        var estimates = new List<double?>();
        JobResponse job;
        do
        {
            await Task.Delay(100);
            job = (await client.GetFromJsonAsync<JobResponse>($"/api/jobs/{id}", ApiClient.Json))!;
            if (job is { State: "running", Progress: > 0 and < 1 }) estimates.Add(job.RemainingSeconds);
        } while (job.State is "queued" or "running");

        Assert.Equal("succeeded", job.State);
        Assert.Null(job.RemainingSeconds);
        Assert.NotEmpty(estimates);
        Assert.All(estimates, e => Assert.True(e >= 0));
    }

    [Fact]
    public async Task The_events_of_an_unknown_job_are_a_404_problem()
    {
        var response = await service.CreateClient().GetAsync($"/api/jobs/{Guid.NewGuid()}/events");
        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
