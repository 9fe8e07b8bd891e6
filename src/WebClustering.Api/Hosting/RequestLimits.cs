using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;

namespace WebClustering.Api.Hosting;

/// <summary>
/// Size limits on request bodies, answered with 413 ProblemDetails: multipart uploads may be as large as
/// <see cref="RequestLimitSettings.MaxUploadBytes"/>; every other body (JSON) as <see cref="RequestLimitSettings.MaxJsonBytes"/>,
/// except on endpoints that carry data rows (<see cref="AcceptsLargeJsonBody"/>). A body that declares its length is
/// refused before a byte of it is read; one sent in chunks is counted as it is read.
/// </summary>
public static class RequestLimits
{
    /// <summary>Marks an endpoint whose JSON body carries data (rows to encode, points to decode): it gets the upload limit.</summary>
    public static RouteHandlerBuilder AcceptsLargeJsonBody(this RouteHandlerBuilder builder) => builder.WithMetadata(LargeJsonBody.Instance);

    /// <summary>
    /// Form files are buffered on disk past 64 KiB (ASP.NET Core's default threshold, set here so it stays so), and
    /// Kestrel lets bodies up to the upload limit through; <see cref="UseRequestLimits"/> then applies the finer limits.
    /// </summary>
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<FormOptions>().Configure<IOptions<RequestLimitSettings>>((form, limits) =>
        {
            form.MemoryBufferThreshold = 64 * 1024;
            form.MultipartBodyLengthLimit = limits.Value.MaxUploadBytes;
        });
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitSettings>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxUploadBytes);
        return services;
    }

    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyLimit>();
        return app;
    }

    private sealed class LargeJsonBody
    {
        public static readonly LargeJsonBody Instance = new();
    }

    private sealed class RequestBodyLimit(RequestDelegate next, IOptions<RequestLimitSettings> options, IProblemDetailsService problems)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            var request = context.Request;
            bool upload = request.HasFormContentType || context.GetEndpoint()?.Metadata.GetMetadata<LargeJsonBody>() is not null;
            var (limit, setting) = upload
                ? (options.Value.MaxUploadBytes, ServiceSettings.Key(nameof(RequestLimitSettings.MaxUploadBytes)))
                : (options.Value.MaxJsonBytes, ServiceSettings.Key(nameof(RequestLimitSettings.MaxJsonBytes)));
            if (request.ContentLength > limit)
            {
                // Answered at once: reading (and buffering) a body we will refuse would only cost the server.
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "The request body is too large.",
                        Detail = RequestBodyTooLargeException.Describe(request.ContentLength.Value, limit, upload, setting),
                    },
                });
                return;
            }
            // Kestrel's own limit would cut a chunked body off with a bare 413; the counting stream names the limit.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel)
                kestrel.MaxRequestBodySize = null;
            request.Body = new LimitedRequestBody(request.Body, limit, upload, setting);
            await next(context);
        }
    }
}

/// <summary>
/// A body sent without a length grew past the limit while it was read. Not an <see cref="IOException"/>, so that
/// model binding does not take it for a client that went away: it reaches the exception handler as a 413.
/// </summary>
public sealed class RequestBodyTooLargeException(long limit, bool upload, string setting)
    : Exception(Describe(null, limit, upload, setting))
{
    internal static string Describe(long? length, long limit, bool upload, string setting)
    {
        string what = upload ? "an upload" : "a JSON body";
        return length is { } bytes
            ? $"The request body is {bytes} bytes; at most {limit} are accepted for {what} ({setting})."
            : $"The request body is longer than {limit} bytes, the most accepted for {what} ({setting}).";
    }
}

/// <summary>Counts the bytes read from the request body and stops one past the limit.</summary>
internal sealed class LimitedRequestBody(Stream inner, long limit, bool upload, string setting) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int bytes)
    {
        read += bytes;
        if (read > limit) throw new RequestBodyTooLargeException(limit, upload, setting);
        return bytes;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
