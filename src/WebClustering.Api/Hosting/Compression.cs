using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace WebClustering.Api.Hosting;

public static class Compression
{
    /// <summary>
    /// Brotli or gzip (at their fastest levels) for text formats when the client asks for it. Binary exports are left
    /// alone: float vectors barely compress and compressing them would cap export speed.
    /// </summary>
    public static IServiceCollection AddWebClusteringCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["application/json", "application/problem+json", "text/csv", "application/x-ndjson", "text/plain", "text/html"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }
}
