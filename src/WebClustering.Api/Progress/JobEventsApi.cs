using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WebClustering.Api.Hosting.Settings;
using WebClustering.Api.Jobs;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Progress;

/// <summary>GET /api/jobs/{id}/events: the job's stored events as Server-Sent Events, then live ones until it ends.</summary>
public static class JobEventsApi
{
    public static RouteGroupBuilder MapJobEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/jobs/{id:guid}/events", Stream)
            .WithTags("Jobs")
            .WithSummary("Follow a job's progress (Server-Sent Events)")
            .WithDescription("""
                text/event-stream. `epoch` events carry epoch, epochs, loss, progress, elapsedSeconds and remainingSeconds;
                `state` events carry state, progress, elapsedSeconds and error. Each stored event has an id: reconnect
                with the Last-Event-ID header (or ?lastEventId=) to receive only later events. The stream ends after
                the event that carries the final state (succeeded, failed or cancelled).
                """)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> Stream(
        Guid id, HttpContext context, JobStore jobs, JobEventStore events, IOptions<JobRunSettings> options,
        CancellationToken cancellationToken, int? lastEventId = null)
    {
        if (await jobs.GetAsync(id, cancellationToken) is null) return JobProblems.NotFound(id);
        // EventSource sends the header on reconnect; the query parameter serves clients that cannot set headers.
        var after = int.TryParse(context.Request.Headers["Last-Event-ID"], out var header) ? header : lastEventId ?? 0;
        // Cheap reads of an indexed range; a poll interval like the progress writes' keeps the latency alike.
        var poll = options.Value.ProgressInterval < TimeSpan.FromSeconds(1) ? options.Value.ProgressInterval : TimeSpan.FromSeconds(1);
        return TypedResults.ServerSentEvents(Read(id, after, jobs, events, poll, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<string>> Read(Guid id, int after, JobStore jobs, JobEventStore events,
        TimeSpan poll, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        DateTime? finalSince = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            // The job before the events: when it is final, the events written before its last state are in this read.
            var job = await jobs.GetAsync(id, cancellationToken);
            foreach (var stored in await events.ReadAfterAsync(id, after, cancellationToken: cancellationToken))
            {
                after = stored.Seq;
                yield return new SseItem<string>(stored.DataJson, stored.Kind) { EventId = stored.Seq.ToString() };
                if (stored.Kind == ProgressEventKinds.State && IsFinalStateEvent(stored.DataJson)) yield break;
            }
            if (job is null) yield break; // deleted
            if (IsFinal(job.State))
            {
                // The worker stores the final event just after the final state commits: give it a moment. Only when
                // none comes (it could not be written) does the stream end with the row's state, without an id, so a
                // client that reconnects still sees any event written afterwards.
                finalSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - finalSince >= FinalEventGrace)
                {
                    yield return new SseItem<string>(ProgressEventKinds.ToJson(JobEvents.ToStateEvent(job, DateTimeOffset.UtcNow)),
                        ProgressEventKinds.State);
                    yield break;
                }
            }
            await Task.Delay(poll, cancellationToken);
        }
    }

    private static readonly TimeSpan FinalEventGrace = TimeSpan.FromSeconds(3);

    private static bool IsFinal(string state) => state is JobStates.Succeeded or JobStates.Failed or JobStates.Cancelled;

    private static bool IsFinalStateEvent(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("state", out var state) && IsFinal(state.GetString() ?? "");
    }
}
