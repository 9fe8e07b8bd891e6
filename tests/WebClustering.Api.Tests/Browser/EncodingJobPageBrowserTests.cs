using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Api.Tests.Registry;

namespace WebClustering.Api.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class EncodingJobPageBrowserTests(KestrelServiceFixture service)
{
    [Fact]
    public async Task The_job_page_shows_an_encoding_job_with_its_model_and_no_training()
    {
        var client = service.CreateClient();
        client.BaseAddress = service.BaseAddress;
        var model = await client.TrainedModelAsync(RegistryClient.QuickJob((await client.NamedDatasetAsync(RegistryClient.UniqueName("page"))).Id));
        var catalogue = await client.NamedDatasetAsync(RegistryClient.UniqueName("page-items"));
        var post = await client.PostAsJsonAsync($"/api/models/{model.Id}/encodings", new { datasetId = catalogue.Id }, ApiClient.Json);
        await post.ShouldHaveStatus(HttpStatusCode.Accepted);
        var job = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;

        await using var browser = await HeadlessChromium.OpenAsync(new Uri(service.BaseAddress, $"/jobs/{job.Id}").ToString());
        await JobPageBrowserTests.WaitForAsync(browser,
            "document.querySelector('#state')?.textContent === 'succeeded' && document.querySelector('#metrics').textContent !== ''", TimeSpan.FromMinutes(2));

        Assert.Equal("Encoding job", (string?)await browser.EvaluateAsync("document.querySelector('#kind').textContent"));
        Assert.Equal(model.Id.ToString(), (string?)await browser.EvaluateAsync("document.querySelector('#encoding-model').textContent"));
        Assert.Equal(false, (bool?)await browser.EvaluateAsync("document.querySelector('#encoding').hidden"));
        // No training: no epochs, no registered model, no model file of its own.
        Assert.Equal(true, (bool?)await browser.EvaluateAsync("document.querySelector('#registry').hidden && document.querySelector('#epoch').hidden"));
        var downloads = (string?)await browser.EvaluateAsync("document.querySelector('#downloads').textContent");
        Assert.Contains("Embeddings (CSV)", downloads);
        Assert.DoesNotContain("Model (zip)", downloads);
    }
}
