using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;

namespace WebClustering.Api.Operations;

/// <summary>
/// Guards <c>/metrics</c>, which shows every tenant's figures. Outside Development a scraper sends the scrape key
/// (WebClustering:Metrics:ScrapeKey) as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Scrape-Key: &lt;key&gt;</c>;
/// without it, 401. With no key configured, /metrics is closed (403 saying which setting opens it) rather than
/// open: a production service that forgot the setting should not publish its tenants. In Development it is open,
/// unless a key is configured, which is then required there too.
/// </summary>
public sealed class ScrapeKeyGate(RequestDelegate next, IOptions<MetricsSettings> settings, IHostEnvironment environment)
{
    public const string Header = "X-Scrape-Key";
    public const string Setting = "WebClustering:Metrics:ScrapeKey";

    private readonly byte[]? keyHash = string.IsNullOrWhiteSpace(settings.Value.Metrics.ScrapeKey) ? null : Hash(settings.Value.Metrics.ScrapeKey.Trim());

    public async Task InvokeAsync(HttpContext context)
    {
        if (keyHash is null && environment.IsDevelopment())
        {
            await next(context);
            return;
        }
        if (keyHash is null)
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Metrics are closed.",
                detail: $"Set {Setting} (a long random value) and send it as Authorization: Bearer <key> or {Header}: <key>.")
                .ExecuteAsync(context);
            return;
        }
        if (Presented(context.Request) is not { } presented || !CryptographicOperations.FixedTimeEquals(Hash(presented), keyHash))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: Presented(context.Request) is null ? "A scrape key is required." : "The scrape key is not valid.",
                detail: $"Send the key of {Setting} as Authorization: Bearer <key> or in the {Header} header.")
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static string? Presented(HttpRequest request)
    {
        var key = request.Headers[Header].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (key.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) key = authorization["Bearer ".Length..];
        key = key.Trim();
        return key.Length is 0 or > 1024 ? null : key;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
