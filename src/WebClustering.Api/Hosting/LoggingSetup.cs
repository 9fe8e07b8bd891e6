namespace WebClustering.Api.Hosting;

/// <summary>
/// Console logs as one JSON object a line (for log collectors) or as readable text. <c>Logging:Format</c> picks
/// <c>json</c> or <c>simple</c>; without it, Development gets text and every other environment JSON. Scopes are
/// included either way, so a training job's lines carry its <c>JobId</c>.
/// </summary>
public static class LoggingSetup
{
    public const string FormatKey = "Logging:Format";

    public static WebApplicationBuilder AddWebClusteringLogging(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration[FormatKey]?.Trim().ToLowerInvariant()
            ?? (builder.Environment.IsDevelopment() ? "simple" : "json");
        switch (format)
        {
            case "json":
                builder.Logging.AddJsonConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
                break;
            case "simple":
                builder.Logging.AddSimpleConsole(o => o.IncludeScopes = true);
                break;
            default:
                throw new InvalidOperationException($"{FormatKey} is '{format}'; use json or simple.");
        }
        return builder;
    }
}
