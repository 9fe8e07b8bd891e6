using WebClustering.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Jobs;
using WebClustering.Api.OpenApi;
using WebClustering.Core;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Registry;

/// <param name="Count">How many samples of the prior N(0, I) to decode, 1 to 10000.</param>
/// <param name="Seed">Seeds the samples: the same seed gives the same items.</param>
public sealed record GenerateRequest(int Count = 10, int Seed = 0);

/// <param name="Points">Latent points to decode, each as wide as the model's latent space.</param>
public sealed record DecodeRequest(float[][]? Points);

/// <param name="ItemShape">The shape each item folds back into ([F], [C, H, W] or [T, F]).</param>
/// <param name="Items">Each decoded item flattened row-major, in the dataset's units (the job's scaling undone).</param>
public sealed record DecodedItems(IReadOnlyList<int> ItemShape, float[][] Items);

/// <summary>Decoding latent points back into items: samples of a VAE's prior, or points a client picks.</summary>
public static class ModelGenerationApi
{
    public const int MaxItems = 10_000;

    public static RouteGroupBuilder MapModelGenerationApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/models/{id:guid}").WithTags("Models");
        group.MapPost("/generate", Generate)
            .WithSummary("Generate new items from a VAE")
            .WithDescription("Decodes `count` samples of the prior N(0, I), drawn with `seed`. Only VAE models (kind vae) have a prior to sample; others get 400.")
            .WithRequestExample(Examples.Generate)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/decode", Decode)
            .WithSummary("Decode given latent points into items")
            .WithDescription("Each point must have as many values as the model's latent space (latentDim); up to 10000 points.")
            .WithRequestExample(Examples.Decode)
            .AcceptsLargeJsonBody()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<DecodedItems>, ValidationProblem, ProblemHttpResult>> Generate(Guid id, GenerateRequest request,
        ModelStore models, ModelCache cache, CancellationToken cancellationToken)
    {
        if (request.Count is < 1 or > MaxItems) return JobResultsApi.Invalid("count", $"count must be between 1 and {MaxItems}.");
        var record = await models.GetAsync(id, cancellationToken);
        if (record is null) return JobProblems.ModelNotFound(id);
        var loaded = await cache.GetAsync(record);
        if (loaded.Model.Autoencoder is not VariationalAutoencoder)
            return JobResultsApi.Invalid("model", $"Model '{id}' is a {loaded.Model.Autoencoder.Spec.Kind} autoencoder; only a vae has a prior to sample from. Use decode with chosen points.");
        var items = loaded.Use(model => ModelInference.Generate((VariationalAutoencoder)model.Autoencoder, request.Count, request.Seed));
        return TypedResults.Ok(Unscaled(loaded.Model, items));
    }

    private static async Task<Results<Ok<DecodedItems>, ValidationProblem, ProblemHttpResult>> Decode(Guid id, DecodeRequest request,
        ModelStore models, ModelCache cache, CancellationToken cancellationToken)
    {
        if (request.Points is not { Length: > 0 } points) return JobResultsApi.Invalid("points", "Give at least one latent point.");
        if (points.Length > MaxItems) return JobResultsApi.Invalid("points", $"At most {MaxItems} points per request; got {points.Length}.");
        var record = await models.GetAsync(id, cancellationToken);
        if (record is null) return JobProblems.ModelNotFound(id);
        var loaded = await cache.GetAsync(record);
        int width = loaded.Model.Autoencoder.Spec.EmbeddingDim;
        var values = new float[points.Length * width];
        for (int i = 0; i < points.Length; i++)
        {
            if (points[i] is null || points[i].Length != width)
                return JobResultsApi.Invalid($"points[{i}]", $"Point {i} has {points[i]?.Length ?? 0} values; the model's latent space has {width}.");
            if (points[i].Any(v => !float.IsFinite(v)))
                return JobResultsApi.Invalid($"points[{i}]", $"Point {i} holds a value that is not a finite number.");
            points[i].CopyTo(values, i * width);
        }
        var items = loaded.Use(model => ModelInference.Decode(model.Autoencoder, new Matrix(values, points.Length, width)));
        return TypedResults.Ok(Unscaled(loaded.Model, items));
    }

    // The decoder speaks the scaled units the model trained on; clients sent and expect the dataset's own.
    private static DecodedItems Unscaled(TrainedModel model, Matrix items)
    {
        var (offset, scale) = (model.Scaler.Offset, model.Scaler.Scale);
        var rows = new float[items.Rows][];
        for (int r = 0; r < items.Rows; r++)
        {
            rows[r] = items.Row(r).ToArray();
            for (int c = 0; c < rows[r].Length; c++) rows[r][c] = rows[r][c] * scale[c] + offset[c];
        }
        return new DecodedItems(model.Autoencoder.Spec.ItemShape, rows);
    }

}
