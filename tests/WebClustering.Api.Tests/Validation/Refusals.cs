using System.Net;
using System.Text.Json.Nodes;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Validation;

/// <summary>One malformed request: what is sent and what the refusal must say.</summary>
/// <param name="Status">The 4xx expected.</param>
/// <param name="Mentions">Fragments the problem's text (title, detail, field errors) must contain: the row, column, field or value at fault.</param>
public sealed record Refusal(Func<HttpClient, Task<HttpResponseMessage>> Send, HttpStatusCode Status, params string[] Mentions);

public static class Refusals
{
    /// <summary>Asserts a ProblemDetails with the status, never a 500, whose text names every one of <paramref name="mentions"/>.</summary>
    public static async Task<JsonObject> ShouldBeRefused(this HttpResponseMessage response, HttpStatusCode status, params string[] mentions)
    {
        Assert.True((int)status is >= 400 and < 500, "A refusal is a 4xx.");
        var problem = await response.ShouldBeProblem(status);
        string text = string.Join("\n", Strings(problem));
        foreach (string mention in mentions)
            Assert.True(text.Contains(mention, StringComparison.Ordinal), $"The problem should mention \"{mention}\" but says: {text}");
        return problem;
    }

    public static async Task ShouldBeRefused(this Refusal refusal, HttpClient client) =>
        await (await refusal.Send(client)).ShouldBeRefused(refusal.Status, refusal.Mentions);

    /// <summary>Every string in the problem, keys of field errors included (they name the field).</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => (p.Value is JsonArray ? [p.Key] : Array.Empty<string>()).Concat(Strings(p.Value))),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue(out string? s) => [s],
        _ => [],
    };

    /// <summary>A multipart upload of one file with form fields.</summary>
    public static Func<HttpClient, Task<HttpResponseMessage>> Upload(string path, byte[] file, params (string Name, string Value)[] fields) =>
        client => client.UploadAsync(path, [("file", "upload.bin", file)], fields);
}
