using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Jobs;
using WebClustering.Api.Serving;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Plots;

/// <summary>The PNG plots stored with a finished job.</summary>
public static class PlotsApi
{
    public static RouteGroupBuilder MapPlotsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/jobs/{id:guid}/plots").WithTags("Results");
        group.MapGet("/", List)
            .WithSummary("Names and URLs of the job's plots")
            .WithDescription("latent.png (latent space in 2-D by cluster, and by label when the dataset has labels; PCA above 2 dimensions) loss.png (loss per epoch); for image items ([C, H, W]) also reconstructions.png and clusters.png, samples.png for a VAE, and traversal.png for a VAE with a 2-D latent space. Drawn once when the job succeeds.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{name}", Get)
            .WithSummary("One plot as PNG")
            .WithDescription("While the job trains, `latent.png` is drawn on request from its latest checkpoint (an evenly spaced sample of up to 2,000 rows, coloured by a quick k-means with the job's k, and by label); 409 until the first checkpoint is saved. Every other plot exists once the job has succeeded.")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <param name="Name">File name, e.g. <c>latent.png</c>.</param>
    /// <param name="Url">Where to get it.</param>
    public sealed record PlotLink(string Name, string Url);

    private static async Task<Results<Ok<PlotLink[]>, ProblemHttpResult>> List(Guid id, FinishedJobs finished, PlotStore plots,
        CancellationToken cancellationToken)
    {
        var (_, problem) = await finished.FindAsync(id, cancellationToken);
        if (problem is not null) return problem;
        var names = await plots.ListAsync(id, cancellationToken);
        return TypedResults.Ok(names.Select(n => new PlotLink(n, $"/api/jobs/{id}/plots/{n}")).ToArray());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Get(Guid id, string name, HttpContext context,
        PlotStore plots, JobStore jobs, LiveLatentMap live, CancellationToken cancellationToken)
    {
        var png = await plots.GetAsync(id, name, cancellationToken);
        if (png is null)
        {
            // One read of the job decides: unknown, still training (the latent map is drawn live), not succeeded, or no such plot.
            var job = await jobs.GetAsync(id, cancellationToken);
            if (job is null) return JobProblems.NotFound(id);
            if (name == JobPlotSet.Latent && job.State is JobStates.Running or JobStates.Queued
                && await live.DrawAsync(job, cancellationToken) is { } now)
            {
                // Drawn from the latest checkpoint: the next request may see a newer one.
                context.Response.Headers.CacheControl = "no-store";
                return TypedResults.File(now, "image/png");
            }
            if (job.State != JobStates.Succeeded) return JobProblems.NoResults(job);
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Plot not found.",
                detail: $"Job '{id}' has no plot '{name}'. GET /api/jobs/{id}/plots lists its plots.");
        }
        // A finished job's plots never change.
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.File(png, "image/png");
    }
}
