using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Tenants;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Quotas;

/// <summary>
/// Applies the tenant quotas before the endpoint runs, in one place for every endpoint that adds to what a tenant
/// stores or runs: any multipart upload under /api (upload size), dataset uploads (stored bytes and rows) and job
/// creation, training or encoding (stored bytes and rows, concurrent jobs). A new endpoint that stores a tenant's data joins
/// <see cref="KindOf"/>.
/// </summary>
public sealed class QuotaGate(RequestDelegate next, TenantQuotas quotas, QuotaStore store, IOptions<RequestLimitSettings> requestLimits)
{
    private enum Kind { Other, Upload, DatasetUpload, JobCreation }

    public async Task InvokeAsync(HttpContext context)
    {
        var kind = context.GetEndpoint() is RouteEndpoint endpoint ? KindOf(context.Request, endpoint.RoutePattern) : Kind.Other;
        if (kind == Kind.Other || context.User.TenantIdOrNull() is not { } tenant)
        {
            await next(context);
            return;
        }
        var cancellationToken = context.RequestAborted;
        var limits = await quotas.LimitsAsync(tenant, cancellationToken);
        try
        {
            if (kind is Kind.Upload or Kind.DatasetUpload) LimitUpload(context.Request, limits.UploadBytes);
            if (kind == Kind.Upload)
            {
                await next(context);
                return;
            }
            // Job creations of a tenant take turns (in every process), so the count and the insert go together.
            await using var turn = kind == Kind.JobCreation && limits.ConcurrentJobs > 0 ? await store.LockTenantAsync(tenant, cancellationToken) : null;
            if (await quotas.ReachedAsync(tenant, limits, countJobs: kind == Kind.JobCreation, cancellationToken) is { } reached) throw reached;
            await next(context);
        }
        catch (QuotaExceededException refused) when (!context.Response.HasStarted)
        {
            await refused.ToProblem().ExecuteAsync(context);
        }
        catch (RequestBodyTooLargeException) when (!context.Response.HasStarted && context.Items[UploadLimitKey] is long limit)
        {
            await new QuotaExceededException(StatusCodes.Status413PayloadTooLarge, QuotaNames.UploadBytes, limit, limit + 1,
                $"The upload is longer than {limit} bytes, the tenant's upload quota.").ToProblem().ExecuteAsync(context);
        }
    }

    private static readonly object UploadLimitKey = new();

    /// <summary>
    /// A declared length over the quota is refused at once; a chunked body is counted as it is read. A quota at or
    /// above the service's MaxUploadBytes changes nothing: that limit (RequestLimits) refuses first.
    /// </summary>
    private void LimitUpload(HttpRequest request, long limit)
    {
        if (limit <= 0 || limit >= requestLimits.Value.MaxUploadBytes) return;
        if (request.ContentLength > limit)
            throw new QuotaExceededException(StatusCodes.Status413PayloadTooLarge, QuotaNames.UploadBytes, limit, request.ContentLength.Value,
                $"The upload is {request.ContentLength} bytes; the tenant's upload quota is {limit}.");
        request.HttpContext.Items[UploadLimitKey] = limit;
        request.Body = new LimitedRequestBody(request.Body, limit, upload: true, setting: $"the tenant's {QuotaNames.UploadBytes} quota");
    }

    private static Kind KindOf(HttpRequest request, RoutePattern pattern)
    {
        if (!HttpMethods.IsPost(request.Method)) return Kind.Other;
        var segments = pattern.PathSegments.Select(s => s.Parts is [RoutePatternLiteralPart literal] ? literal.Content.ToLowerInvariant() : "{}").ToArray();
        if (segments is ["api", "jobs"] or ["api", "models", "{}", "encodings"]) return Kind.JobCreation;
        if (!request.HasFormContentType || segments is not ["api", ..]) return Kind.Other;
        return segments is ["api", "datasets", ..] ? Kind.DatasetUpload : Kind.Upload;
    }
}
