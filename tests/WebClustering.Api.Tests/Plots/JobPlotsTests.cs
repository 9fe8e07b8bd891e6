using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Plots;
using WebClustering.Storage.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Plots;

[Collection(ServiceCollection.Name)]
public class JobPlotsTests(ServiceFixture service)
{
    [Fact]
    public async Task A_succeeded_job_serves_its_latent_map_by_cluster_and_by_label_as_png()
    {
        var trained = await service.BlobsJobAsync();
        var response = await service.CreateClient().GetAsync($"/api/jobs/{trained.Job.Id}/plots/latent.png");
        await response.ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        // Blobs have labels, so two panels side by side.
        Png.ShouldBePlot(await response.Content.ReadAsByteArrayAsync(), 2 * PlotRenderer.PanelWidth, PlotRenderer.PanelHeight);
    }

    [Fact]
    public async Task A_succeeded_job_serves_its_loss_curve_as_png()
    {
        var trained = await service.BlobsJobAsync();
        var png = await service.CreateClient().GetByteArrayAsync($"/api/jobs/{trained.Job.Id}/plots/loss.png");
        Png.ShouldBePlot(png, PlotRenderer.LossWidth, PlotRenderer.LossHeight);
    }

    [Fact]
    public async Task The_plot_list_links_every_stored_plot()
    {
        var trained = await service.BlobsJobAsync();
        var links = await service.CreateClient().GetFromJsonAsync<PlotsApi.PlotLink[]>($"/api/jobs/{trained.Job.Id}/plots", ApiClient.Json);
        Assert.Equal(["latent.png", "loss.png"], links!.Select(l => l.Name));
        Assert.All(links!, l => Assert.Equal($"/api/jobs/{trained.Job.Id}/plots/{l.Name}", l.Url));
    }

    [Fact]
    public async Task A_running_job_draws_its_latent_map_on_request_from_its_latest_checkpoint()
    {
        var client = service.CreateClient();
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 200, clusters: 3, dims: 20), "item", "species");
        var created = await client.PostJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { kind = "dense", hiddenLayers = new[] { 64 }, latentDim = 3 },
            training = new { epochs = 5000, batchSize = 8, checkpointEvery = 1 },
            clustering = new { algorithm = "kmeans", k = 3 },
        });
        var job = (await created.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;
        try
        {
            HttpResponseMessage? response = null;
            for (var waited = System.Diagnostics.Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(200))
            {
                response = await client.GetAsync($"/api/jobs/{job.Id}/plots/latent.png");
                if (response.StatusCode == HttpStatusCode.OK) break;
                await response.ShouldBeProblem(HttpStatusCode.Conflict);   // no checkpoint yet
            }

            await response!.ShouldHaveStatus(HttpStatusCode.OK);
            Assert.Equal("no-store", response!.Headers.CacheControl?.ToString());
            Assert.Equal(JobStates.Running, (await client.GetFromJsonAsync<JobResponse>($"/api/jobs/{job.Id}", ApiClient.Json))!.State);
            // The dataset has labels: by cluster and by label, side by side.
            var png = await response.Content.ReadAsByteArrayAsync();
            Png.ShouldBePlot(png, 2 * PlotRenderer.PanelWidth, PlotRenderer.PanelHeight);
            File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "plots")).FullName, "live-latent.png"), png);
        }
        finally
        {
            (await client.PostAsync($"/api/jobs/{job.Id}/cancel", null)).EnsureSuccessStatusCode();
            await client.WaitForJobAsync(job.Id, TimeSpan.FromSeconds(30));
        }
        // A cancelled job keeps no checkpoint, so there is nothing left to draw.
        await (await client.GetAsync($"/api/jobs/{job.Id}/plots/latent.png")).ShouldBeProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_unknown_plot_or_job_is_a_404_problem()
    {
        var trained = await service.BlobsJobAsync();
        var client = service.CreateClient();
        await (await client.GetAsync($"/api/jobs/{trained.Job.Id}/plots/nope.png")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/jobs/{Guid.NewGuid()}/plots/latent.png")).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
