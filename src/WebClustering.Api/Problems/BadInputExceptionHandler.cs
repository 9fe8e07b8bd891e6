using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using WebClustering.Api.Hosting;
using Npgsql;
using WebClustering.Core.Datasets;
using WebClustering.Storage;

namespace WebClustering.Api.Problems;

/// <summary>
/// Turns the exceptions that mean "the client sent something we cannot use" into 400 ProblemDetails that say what
/// and where, and a passing database fault into a 503 with Retry-After. Anything else falls through to the default
/// handler (a 500 without internals).
/// </summary>
public sealed class BadInputExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, extensions) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, "The request body is not valid JSON for this endpoint.", JsonDetail(json), Field(json.Path)),
            BadHttpRequestException bad =>
                (bad.StatusCode, "The request could not be read.", bad.Message, null),
            DatasetFormatException format =>
                (400, "The dataset file is not valid.", format.Message, DatasetLocation(format)),
            RequestBodyTooLargeException tooLarge =>
                (413, "The request body is too large.", tooLarge.Message, null),
            // A connection broken by a database restart fails once, then the pool opens a new one: ask for a retry.
            NpgsqlException database when TransientFaults.IsTransient(database) =>
                (503, "The database is unavailable for a moment.", "A database connection failed (the database may be restarting). Retry the request shortly.", null),
            _ => (0, "", "", null),
        };
        if (status == 0) return false;

        context.Response.StatusCode = status;
        if (status == 503) context.Response.Headers.RetryAfter = "1";
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? []) problem.Extensions[key] = value;
        if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception }))
            return true;
        // The service declines a client that accepts only another type (a binary batch read asks for
        // application/octet-stream); an explanation it did not ask for beats an empty 400.
        await TypedResults.Problem(problem).ExecuteAsync(context);
        return true;
    }

    private static string JsonDetail(JsonException json)
    {
        // System.Text.Json's messages name the path ($.training.epochs) and the problem; keep the first sentence pair.
        var message = json.Message;
        return json.Path is { Length: > 0 } path && !message.Contains(path) ? $"{message} Path: {path}." : message;
    }

    private static Dictionary<string, object?>? Field(string? path) =>
        string.IsNullOrEmpty(path) ? null : new() { ["field"] = path.TrimStart('$', '.') };

    private static Dictionary<string, object?> DatasetLocation(DatasetFormatException format) => new()
    {
        ["line"] = format.Row,
        ["column"] = format.Column,
    };
}
