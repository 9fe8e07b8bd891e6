using System.Reflection;
using WebClustering.Api.OpenApi;

namespace WebClustering.Api.Pages;

/// <summary>
/// The pages for people: plain HTML, CSS and JavaScript embedded in the assembly (no front-end build, no content
/// root to get right in tests or containers). The pages only call the public API.
/// </summary>
public static class PagesEndpoints
{
    private static readonly Assembly Assembly = typeof(PagesEndpoints).Assembly;

    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    };

    public static WebApplication MapPages(this WebApplication app)
    {
        app.MapGet("/", () => Page("index.html")).ExcludeFromDescription();
        app.MapGet("/jobs/{id:guid}", (Guid id) => Page("job.html")).ExcludeFromDescription();
        app.MapGet("/assets/{name}", (string name) => Page(name)).ExcludeFromDescription();
        // The form on / starts jobs with the same example configuration that Swagger UI shows.
        app.MapGet("/assets/example-job.json", () => Results.Text(Examples.CreateJob, "application/json")).ExcludeFromDescription();
        return app;
    }

    private static IResult Page(string name)
    {
        var stream = Assembly.GetManifestResourceStream($"pages/{name}");
        if (stream is null || !ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType)) return Results.NotFound();
        return Results.Stream(stream, contentType);
    }
}
