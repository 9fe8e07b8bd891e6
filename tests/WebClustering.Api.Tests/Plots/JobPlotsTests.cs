using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Plots;
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
    public async Task An_unknown_plot_or_job_is_a_404_problem()
    {
        var trained = await service.BlobsJobAsync();
        var client = service.CreateClient();
        await (await client.GetAsync($"/api/jobs/{trained.Job.Id}/plots/nope.png")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/jobs/{Guid.NewGuid()}/plots/latent.png")).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
