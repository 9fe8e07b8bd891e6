namespace WebClustering.Api.Hosting.Settings;

/// <summary>Who may scrape <c>/metrics</c> (see <see cref="Operations.ScrapeKeyGate"/>).</summary>
public sealed class MetricsSettings : ICheckedSettings
{
    /// <summary>Shortest scrape key accepted: a guessable key would show every tenant's figures.</summary>
    public const int MinScrapeKeyLength = 16;

    public MetricsAccess Metrics { get; set; } = new();

    public void Check(SettingChecks checks)
    {
        // Blank is unset (docker-compose passes "" when WEBCLUSTERING_SCRAPE_KEY is not set).
        if (!string.IsNullOrWhiteSpace(Metrics.ScrapeKey) && Metrics.ScrapeKey.Trim().Length < MinScrapeKeyLength)
            checks.Fail("Metrics:ScrapeKey", $"must have at least {MinScrapeKeyLength} characters; use a long random value.");
    }
}

public sealed class MetricsAccess
{
    /// <summary>
    /// The key a scraper sends (Authorization: Bearer, or X-Scrape-Key) to read /metrics. Outside Development it is
    /// required: without one configured, /metrics answers 403 to everyone. In Development /metrics is open.
    /// </summary>
    public string? ScrapeKey { get; set; }
}
