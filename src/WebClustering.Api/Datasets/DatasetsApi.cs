using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WebClustering.Api.Operations;
using WebClustering.Api.Tenants;
using WebClustering.Core;
using WebClustering.Core.Datasets;
using WebClustering.Storage.Datasets;
using WebClustering.Api.Problems;

namespace WebClustering.Api.Datasets;

public static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/datasets").WithTags("Datasets");

        group.MapPost("/", Upload)
            .WithSummary("Upload a CSV dataset")
            .WithDescription("Multipart form: `file` (CSV with a header row), `name`, optional `idColumn` (its values become item ids; row numbers otherwise), `labelColumn` (kept for evaluation only), `missingValues` (`refuse` by default; `mean` or `median` fill empty numeric cells, and empty categorical cells with the most frequent value; `keep` stores them as gaps that each job fills or refuses with `training.missingValues`) and `categoricalColumns` (comma-separated text columns, one-hot encoded into `column=value` features). Every other column must be numeric.")
            .DisableAntiforgery()
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDatasetUploads();
        group.MapGet("/", List)
            .WithSummary("List datasets, newest first")
            .WithDescription(PageParameters.Description)
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", Get).WithSummary("Get a dataset").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", Delete)
            .WithSummary("Delete a dataset with its jobs and results")
            .WithDescription("Refused with 409 while a job on the dataset is queued or running.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <param name="file">The CSV file.</param>
    /// <param name="name">A name for the dataset.</param>
    /// <param name="idColumn">Column holding item ids (optional).</param>
    /// <param name="labelColumn">Column holding labels for evaluation (optional).</param>
    /// <param name="missingValues">refuse (default: an empty cell is a 400 naming it), mean or median (empty cells filled at upload), or keep (each job chooses).</param>
    /// <param name="categoricalColumns">Comma-separated text columns to one-hot encode at upload (optional).</param>
    /// <param name="store">Dataset storage.</param>
    /// <param name="cancellationToken">Request abort.</param>
    private static async Task<Results<Created<DatasetResponse>, ValidationProblem>> Upload(
        IFormFile file, [FromForm] string name, [FromForm] string? idColumn, [FromForm] string? labelColumn,
        [FromForm] string? missingValues, [FromForm] string? categoricalColumns,
        DatasetStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name)) return DatasetSaving.Invalid("name", "A dataset needs a name.");
        idColumn = DatasetSaving.Optional(idColumn);
        labelColumn = DatasetSaving.Optional(labelColumn);
        if (idColumn is not null && idColumn == labelColumn)
            return DatasetSaving.Invalid("labelColumn", "The label column cannot also be the id column.");
        if (!CsvTables.TryParseMissing(missingValues, out var missing))
            return DatasetSaving.Invalid("missingValues", $"Unknown missingValues '{missingValues}'. Supported: refuse, mean, median, keep.");

        // Rows are stored as they are parsed, in one transaction: a bad row, even the last, leaves no dataset behind.
        // Ids are checked unique by the database's index, so that memory does not have to hold them all.
        var options = new CsvTableOptions(idColumn, labelColumn, missing, CsvTables.SplitColumns(categoricalColumns), CheckUniqueIds: false);
        await using var stream = file.OpenReadStream();
        try
        {
            using var reader = CsvTableReader.Open(stream, options, cancellationToken);
            return await DatasetSaving.SaveAsync(store, user, name, idColumn, labelColumn, reader, cancellationToken);
        }
        catch (DuplicateItemIdException duplicate)
        {
            stream.Position = 0;
            throw CsvTableReader.DuplicateId(stream, options, duplicate.Row, cancellationToken);
        }
    }

    private static async Task<Results<Ok<DatasetListResponse>, ValidationProblem>> List(DatasetStore store, ClaimsPrincipal user,
        CancellationToken cancellationToken, int offset = 0, int limit = 50)
    {
        if (PageParameters.Check(offset, limit) is { } outOfRange) return outOfRange;
        var datasets = await store.ListAsync(user.TenantId(), offset, limit, cancellationToken);
        return TypedResults.Ok(new DatasetListResponse([.. datasets.Select(d => d.ToResponse())], offset, limit));
    }

    private static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> Get(Guid id, DatasetStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } dataset
            ? TypedResults.Ok(dataset.ToResponse())
            : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, DatasetStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, cancellationToken) switch
        {
            DeleteOutcome.Deleted => TypedResults.NoContent(),
            DeleteOutcome.InUse => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "The dataset is in use.",
                detail: $"Dataset '{id}' has a queued or running job; delete it when the job has finished."),
            _ => NotFound(id),
        };

    internal static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Dataset not found.", detail: $"There is no dataset with id '{id}'.");
}
