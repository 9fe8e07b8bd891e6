using System.Net;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>The inner content without a Content-Length, so HttpClient sends it chunked and the server must count.</summary>
public sealed class ChunkedContent : HttpContent
{
    private readonly HttpContent inner;

    public ChunkedContent(HttpContent inner)
    {
        this.inner = inner;
        foreach (var header in inner.Headers.Where(h => h.Key != "Content-Length"))
            Headers.TryAddWithoutValidation(header.Key, header.Value);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => inner.CopyToAsync(stream);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
