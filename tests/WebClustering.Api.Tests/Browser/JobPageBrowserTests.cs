using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class JobPageBrowserTests(KestrelServiceFixture service)
{
    [Fact]
    public async Task The_job_page_follows_training_to_succeeded_without_a_reload_and_shows_the_plots()
    {
        var client = service.CreateClient();
        client.BaseAddress = service.BaseAddress;
        var dataset = await client.CreateDatasetAsync(CsvFiles.Blobs(perCluster: 100, clusters: 3, dims: 20), idColumn: "item", labelColumn: "species");
        var post = await client.PostJobAsync(new
        {
            datasetId = dataset.Id,
            model = new { hiddenLayers = new[] { 64, 32 }, latentDim = 3 },
            training = new { epochs = 25, batchSize = 8, seed = 2 }, // small batches: long enough to watch it run
            clustering = new { k = 3 },
        });
        var job = (await post.Content.ReadFromJsonAsync<JobResponse>(ApiClient.Json))!;

        await using var browser = await HeadlessChromium.OpenAsync(new Uri(service.BaseAddress, $"/jobs/{job.Id}").ToString());
        // A reload would drop this marker; it must survive to the end.
        await WaitForAsync(browser, "document.readyState === 'complete' && document.querySelector('#state') !== null", TimeSpan.FromSeconds(30));
        await browser.EvaluateAsync("window.__sameDocument = true");

        var seen = new List<(string State, double Progress)>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            var now = (await browser.EvaluateAsync(
                "({ state: document.querySelector('#state').textContent, progress: document.querySelector('#progress').value })"))!;
            var sample = ((string)now["state"]!, (double)now["progress"]!);
            if (seen.Count == 0 || seen[^1] != sample) seen.Add(sample);
            if (sample.Item1 is "succeeded" or "failed") break;
            Assert.True(DateTime.UtcNow < deadline, $"The page never showed a final state; it showed {string.Join(", ", seen)}.");
            await Task.Delay(100);
        }

        Assert.Equal("succeeded", seen[^1].State);
        var running = seen.Where(s => s.State == "running").Select(s => s.Progress).ToList();
        Assert.True(running.Count >= 2 && running[^1] > running[0], $"Progress did not visibly advance while running: {string.Join(", ", seen)}.");
        Assert.Equal(true, (bool?)await browser.EvaluateAsync("window.__sameDocument === true"));

        // The plots load as images once the results are in.
        await WaitForAsync(browser,
            "[...document.querySelectorAll('#plots img')].length >= 2 && [...document.querySelectorAll('#plots img')].every(i => i.complete && i.naturalWidth > 0)",
            TimeSpan.FromSeconds(30));
        var widths = (await browser.EvaluateAsync("[...document.querySelectorAll('#plots img')].map(i => i.naturalWidth)"))!.AsArray();
        Assert.All(widths, w => Assert.True((int)w! > 0));
        Assert.NotEqual("", (string?)await browser.EvaluateAsync("document.querySelector('#metrics').textContent"));
        // The registered model: the dataset's name, a version within it, and its aliases (none yet).
        await WaitForAsync(browser, "document.querySelector('#model-version').textContent.startsWith('version ')", TimeSpan.FromSeconds(30));
        Assert.Equal("test", (string?)await browser.EvaluateAsync("document.querySelector('#model-name').textContent"));
        Assert.Equal("none", (string?)await browser.EvaluateAsync("document.querySelector('#model-aliases').textContent"));

        var screenshot = await browser.ScreenshotAsync();
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, "job-page.png"), screenshot);
        Assert.True(screenshot.Length > 1000);
    }

    [Fact]
    public async Task The_start_page_form_uploads_a_csv_and_starts_a_job_with_the_example_configuration()
    {
        var csv = Path.Combine(Directory.CreateTempSubdirectory("wc-upload-").FullName, "blobs.csv");
        await File.WriteAllTextAsync(csv, CsvFiles.Blobs(perCluster: 30, clusters: 3, dims: 6));
        await using var browser = await HeadlessChromium.OpenAsync(service.BaseAddress.ToString());
        // The example configuration is loaded into the form before it is usable.
        await WaitForAsync(browser, "document.querySelector('#upload textarea')?.value.includes('kmeans')", TimeSpan.FromSeconds(30));

        await browser.SetFileAsync("#upload input[type=file]", csv);
        await browser.EvaluateAsync("""
            (() => {
              const form = document.querySelector('#upload');
              form.name.value = 'browser-blobs';
              form.idColumn.value = 'item';
              form.labelColumn.value = 'species';
              form.requestSubmit();
            })()
            """);

        await WaitForAsync(browser, "location.pathname.startsWith('/jobs/') && document.querySelector('#state')?.textContent === 'succeeded'",
            TimeSpan.FromMinutes(3));
        var jobId = Guid.Parse(((string?)await browser.EvaluateAsync("location.pathname.split('/').pop()"))!);
        var job = (await service.CreateClient().GetFromJsonAsync<JobResponse>($"/api/jobs/{jobId}", ApiClient.Json))!;
        Assert.Equal("succeeded", job.State);
        Assert.Equal(50, job.Configuration.Training.Epochs); // the example's, untouched
        Assert.Equal(3, job.Configuration.Clustering.K);
        // Back on the start page, the new job is listed.
        await browser.SendAsync("Page.navigate", new { url = service.BaseAddress.ToString() });
        await WaitForAsync(browser, $"document.querySelector('#jobs a[href=\"/jobs/{jobId}\"]') !== null", TimeSpan.FromSeconds(30));
    }

    internal static async Task WaitForAsync(HeadlessChromium browser, string condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await HoldsAsync(browser, condition))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still false after {timeout}: {condition}");
            await Task.Delay(100);
        }
    }

    // While a page loads its context can vanish under a script: that counts as "not yet".
    private static async Task<bool> HoldsAsync(HeadlessChromium browser, string condition)
    {
        try
        {
            return (bool?)await browser.EvaluateAsync($"!!({condition})") == true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
