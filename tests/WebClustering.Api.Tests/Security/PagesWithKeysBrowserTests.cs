using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WebClustering.Api.Tests.Browser;

namespace WebClustering.Api.Tests.Security;

/// <summary>The production setup (keys required) on a real Kestrel socket, for a browser.</summary>
public sealed class KestrelSecurityFixture : SecurityFixture
{
    public KestrelSecurityFixture() => UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

    public Uri BaseAddress { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SecureBrowserCollection : ICollectionFixture<KestrelSecurityFixture>
{
    public const string Name = "Secure browser";
}

[Collection(SecureBrowserCollection.Name)]
public sealed class PagesWithKeysBrowserTests(KestrelSecurityFixture service)
{
    [Fact]
    public async Task With_the_key_entered_in_the_page_the_job_page_shows_the_job_its_plots_and_the_start_page_lists_it()
    {
        var alpha = await service.AlphaJobAsync();
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(service.BaseAddress, $"/jobs/{alpha.JobId}").ToString());

        // Without a key the page says what is missing.
        await JobPageBrowserTests.WaitForAsync(browser, "document.querySelector('#error')?.textContent.includes('X-Api-Key')", TimeSpan.FromSeconds(30));

        await browser.EvaluateAsync($$"""
            (() => {
              const field = document.querySelector('#api-key');
              field.value = '{{alpha.Key}}';
              field.dispatchEvent(new Event('change'));
            })()
            """);
        await JobPageBrowserTests.WaitForAsync(browser, "document.querySelector('#state')?.textContent === 'succeeded'", TimeSpan.FromSeconds(30));
        await JobPageBrowserTests.WaitForAsync(browser,
            "[...document.querySelectorAll('#plots img')].length >= 2 && [...document.querySelectorAll('#plots img')].every(i => i.complete && i.naturalWidth > 0)",
            TimeSpan.FromSeconds(30));
        Assert.Equal("100%", (string?)await browser.EvaluateAsync("document.querySelector('#percent').textContent"));

        await browser.SendAsync("Page.navigate", new { url = service.BaseAddress.ToString() });
        await JobPageBrowserTests.WaitForAsync(browser, $"document.querySelector('#jobs a[href=\"/jobs/{alpha.JobId}\"]') !== null", TimeSpan.FromSeconds(30));
        Assert.Equal(alpha.Key, (string?)await browser.EvaluateAsync("document.querySelector('#api-key').value"));
    }
}
