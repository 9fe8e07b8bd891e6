using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace WebClustering.Api.Tenants;

/// <summary>
/// A token bucket per API key (ASP.NET Core's rate limiter). Keyless requests share a bucket per client address.
/// Beyond the limit: 429 ProblemDetails with Retry-After.
/// </summary>
public static class KeyRateLimits
{
    public const string Policy = "per-key";

    public static IServiceCollection AddKeyRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.AddPolicy(Policy, context => RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ =>
            {
                var limit = Limits(context);
                return new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, limit.TokenLimit),
                    TokensPerPeriod = Math.Max(1, limit.TokensPerPeriod),
                    ReplenishmentPeriod = limit.ReplenishmentPeriod > TimeSpan.Zero ? limit.ReplenishmentPeriod : TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                };
            }));
        });

    /// <summary>The key's id once authenticated; otherwise the client's address (keyless or refused requests).</summary>
    private static string PartitionOf(HttpContext context) =>
        context.User.FindFirstValue(TenantClaims.Key) is { } key
            ? $"key:{key}"
            : $"address:{context.Connection.RemoteIpAddress}";

    private static KeyRateLimit Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.RateLimit;

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var limit = Limits(context);
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : limit.ReplenishmentPeriod;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
            detail: $"A key may make {limit.TokensPerPeriod} requests every {limit.ReplenishmentPeriod.TotalSeconds:0.###} s, in bursts of up to {limit.TokenLimit}. Retry after {seconds} s.")
            .ExecuteAsync(context);
    }
}
