using WebClustering.Api.Serving;
using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Serving;

[Collection(ServiceCollection.Name)]
public sealed class AnomalyTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task An_item_far_from_every_blob_is_the_worst_reconstructed()
    {
        // A member of blob 0 with far more noise than its blob: the bottleneck keeps what the blobs share, so the
        // model cannot reproduce this item's idiosyncratic noise and reconstructs it worst.
        var random = new Random(11);
        var blobs = CsvFiles.Blobs(perCluster: 40, clusters: 3, dims: 20);
        var member = blobs.Split('\n')[1].Split(',');
        var noisy = member[1..21].Select(v => ApiClient.F(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) + 8 * (random.NextDouble() * 2 - 1)));
        var csv = blobs + "outlier," + string.Join(',', noisy) + ",species-a\n";
        var trained = await TrainedJob.TrainAsync(client, csv, epochs: 30, latentDim: 2);

        var top = (await client.GetFromJsonAsync<AnomaliesResponse>($"/api/jobs/{trained.Job.Id}/anomalies?top=3", ApiClient.Json))!;
        Assert.True(top.Items[0].ItemId == "outlier", string.Join("; ", top.Items.Select(i => $"{i.ItemId}={i.ReconstructionError}")));
        Assert.Equal(3, top.Items.Count);
        Assert.Equal(top.Items.Select(i => i.ReconstructionError).OrderDescending(), top.Items.Select(i => i.ReconstructionError));
        Assert.Equal(top.Items[^1].ReconstructionError, top.Threshold);

        var fraction = (await client.GetFromJsonAsync<AnomaliesResponse>($"/api/jobs/{trained.Job.Id}/anomalies?contamination=0.05", ApiClient.Json))!;
        Assert.Equal(7, fraction.Items.Count); // ceil(0.05 * 121)
    }

    [Fact]
    public async Task Anomalies_need_exactly_one_of_top_and_contamination()
    {
        var trained = await service.BlobsJobAsync();
        await (await client.GetAsync($"/api/jobs/{trained.Job.Id}/anomalies")).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"/api/jobs/{trained.Job.Id}/anomalies?top=2&contamination=0.1")).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"/api/jobs/{trained.Job.Id}/anomalies?contamination=0.9")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
