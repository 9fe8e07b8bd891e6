using System.Text;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>One Server-Sent Event as a client sees it.</summary>
public sealed record SseEvent(string? Id, string Event, string Data);

/// <summary>A minimal text/event-stream reader: what a browser's EventSource does, for the tests.</summary>
public static class SseClient
{
    public static async Task<List<SseEvent>> ReadAllAsync(HttpClient client, string url, string? lastEventId, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        await response.ShouldHaveStatus(System.Net.HttpStatusCode.OK);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token), Encoding.UTF8);
        var events = new List<SseEvent>();
        string? id = null, name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0) events.Add(new SseEvent(id, name ?? "message", data.ToString()));
                (id, name) = (null, null);
                data.Clear();
            }
            else if (line.StartsWith("id:")) id = line[3..].Trim();
            else if (line.StartsWith("event:")) name = line[6..].Trim();
            else if (line.StartsWith("data:")) data.Append(data.Length > 0 ? "\n" : "").Append(line[5..].TrimStart());
        }
        return events;
    }
}
