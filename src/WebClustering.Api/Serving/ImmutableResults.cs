using Microsoft.Net.Http.Headers;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Serving;

/// <summary>Conditional GETs for results of finished jobs, which never change.</summary>
public static class ImmutableResults
{
    /// <summary>
    /// Sets ETag and Cache-Control and returns true when the client's If-None-Match already names this ETag, in
    /// which case the caller answers 304 without computing the body.
    /// </summary>
    public static bool IsNotModified(this HttpContext context, JobRecord job)
    {
        var request = context.Request;
        var etag = FinishedJobs.ETagOf(job, request.Path + request.QueryString);
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = EntityTagHeaderValue.Parse(etag);
        headers.CacheControl = new CacheControlHeaderValue { Private = true, MaxAge = TimeSpan.FromHours(1) };
        return request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Tag == etag || tag.Equals(EntityTagHeaderValue.Any));
    }
}
