using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Hosting;
using WebClustering.Api.Tenants;
using WebClustering.Storage;

namespace WebClustering.Api.Operations;

/// <summary>
/// Honours an <c>Idempotency-Key</c> header on the endpoints it is applied to: the first request with a key runs and
/// its response is stored; a retry with the same key and the same request gets that response again instead of
/// creating a second dataset or job. The same key with a different request is refused (422); a retry while the
/// first is still running gets 409.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyStore store) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString())) return await next(context);
        var key = values.ToString();
        if (key.Length > 200)
            return TypedResults.Problem(statusCode: 400, title: "Idempotency-Key is too long.", detail: "Use at most 200 characters.");

        // Per tenant: one tenant's key never replays (or blocks) another's request.
        var scope = $"tenant:{http.User.TenantId()} {http.Request.Method} {http.Request.Path}";
        var fingerprint = Fingerprint(context.Arguments);
        var cancellationToken = http.RequestAborted;
        if (!await store.TryClaimAsync(scope, key, fingerprint, cancellationToken))
            return await Replay(await store.GetAsync(scope, key, cancellationToken), fingerprint, key);

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await store.ReleaseAsync(scope, key);
            throw;
        }
        await Remember(scope, key, result);
        return result;
    }

    private async Task Remember(string scope, string key, object? result)
    {
        if (result is INestedHttpResult nested) result = nested.Result; // typed Results<...> unions wrap the real one
        if (result is not IStatusCodeHttpResult { StatusCode: { } status })
        {
            await store.ReleaseAsync(scope, key);
            return;
        }
        // Created<T> and Accepted<T> carry the Location header they set.
        var location = result.GetType().GetProperty("Location")?.GetValue(result) as string;
        var body = result is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), ApiJson.Options) : null;
        var contentType = status >= 400 ? "application/problem+json" : "application/json";
        await store.CompleteAsync(scope, key, status, location, contentType, body);
    }

    private static Task<object?> Replay(StoredResponse? stored, string fingerprint, string key)
    {
        IResult result = stored switch
        {
            null => TypedResults.Problem(statusCode: 409, title: "The key was released; retry the request."),
            { Fingerprint: var other } when other != fingerprint => TypedResults.Problem(statusCode: 422,
                title: "The Idempotency-Key was used for a different request.",
                detail: $"Key '{key}' was first sent with other content; use a new key for a new request."),
            { Status: null } => TypedResults.Problem(statusCode: 409, title: "A request with this Idempotency-Key is still being processed.",
                detail: "Retry after it has finished to get its response."),
            _ => new StoredResult(stored),
        };
        return Task.FromResult<object?>(result);
    }

    /// <summary>A digest of the bound arguments (an upload by its name, length and a hash of its first megabyte).</summary>
    private static string Fingerprint(IList<object?> arguments)
    {
        var text = new StringBuilder();
        foreach (var argument in arguments)
        {
            switch (argument)
            {
                case IFormFile file:
                    using (var stream = file.OpenReadStream())
                    {
                        var head = new byte[Math.Min(file.Length, 1 << 20)];
                        stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
                        text.Append($"file:{file.FileName}:{file.Length}:{Convert.ToHexString(SHA256.HashData(head))};");
                    }
                    break;
                case string or Guid or int or null:
                    text.Append(argument).Append(';');
                    break;
                case var value when value.GetType().Namespace?.StartsWith("WebClustering.Api", StringComparison.Ordinal) == true:
                    text.Append(JsonSerializer.Serialize(value, value.GetType(), ApiJson.Options)).Append(';');
                    break;
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed class StoredResult(StoredResponse stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = stored.Status!.Value;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (stored.Location is not null) httpContext.Response.Headers.Location = stored.Location;
            if (stored.Body is null) return;
            httpContext.Response.ContentType = stored.ContentType ?? "application/json";
            await httpContext.Response.WriteAsync(stored.Body);
        }
    }
}

public static class IdempotencyExtensions
{
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) => builder.AddEndpointFilter<IdempotencyFilter>();
}
