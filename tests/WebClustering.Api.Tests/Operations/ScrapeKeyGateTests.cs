using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.FileProviders;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Operations;

namespace WebClustering.Api.Tests.Operations;

/// <summary>
/// What /metrics does with no scrape key configured: closed outside Development, open in it. (With a key, the
/// Security tests scrape the Production service.)
/// </summary>
public sealed class ScrapeKeyGateTests
{
    private static async Task<(int Status, bool Passed)> ScrapeAsync(string environment, string? configuredKey, string? sentKey = null)
    {
        var passed = false;
        var settings = Microsoft.Extensions.Options.Options.Create(new MetricsSettings { Metrics = { ScrapeKey = configuredKey } });
        var gate = new ScrapeKeyGate(_ => { passed = true; return Task.CompletedTask; }, settings, new Environment(environment));
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        if (sentKey is not null) context.Request.Headers[ScrapeKeyGate.Header] = sentKey;
        await gate.InvokeAsync(context);
        return (context.Response.StatusCode, passed);
    }

    [Fact]
    public async Task Without_a_configured_key_metrics_are_closed_outside_development_and_open_in_it()
    {
        Assert.Equal((403, false), await ScrapeAsync("Production", null, "anything-at-all-0123456789"));
        Assert.Equal((403, false), await ScrapeAsync("Staging", null));
        Assert.Equal((200, true), await ScrapeAsync("Development", null));
        Assert.Equal((403, false), await ScrapeAsync("Production", "  ")); // blank is unset
    }

    [Fact]
    public async Task A_configured_key_is_required_in_development_too()
    {
        const string key = "a-development-scrape-key-0123";
        Assert.Equal((401, false), await ScrapeAsync("Development", key));
        Assert.Equal((200, true), await ScrapeAsync("Development", key, key));
    }

    [Fact]
    public void A_short_scrape_key_stops_start_up_naming_the_setting()
    {
        var checks = new SettingChecks();
        new MetricsSettings { Metrics = { ScrapeKey = "short" } }.Check(checks);
        Assert.Contains("WebClustering:Metrics:ScrapeKey", Assert.Single(checks.Failures));
        var blank = new SettingChecks();
        new MetricsSettings { Metrics = { ScrapeKey = "" } }.Check(blank);
        Assert.Empty(blank.Failures);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
