using System.Security.Claims;
using WebClustering.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WebClustering.Api.Hosting;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tenants;
using WebClustering.Core;
using WebClustering.Core.Datasets;
using WebClustering.Core.Export;
using WebClustering.Core.Export.Onnx;
using WebClustering.Core.Models;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Api.Problems;

namespace WebClustering.Api.Registry;

/// <summary>The model registry and the use of trained models on new rows.</summary>
public static class ModelsApi
{
    public const int MaxRows = 10_000;

    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/models").WithTags("Models");
        group.MapGet("/", List)
            .WithSummary("List registered models, newest first")
            .WithDescription(PageParameters.Description + " `name` lists one model name's versions; `jobId` the model a job registered.")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", Get)
            .WithSummary("A model's name, version, aliases, lineage, configuration, preprocessing, clustering and metrics")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/file", File)
            .WithSummary("Download the model file")
            .WithDescription("format=torchsharp (default: the service's own zip, loadable again), pytorch (state_dict.pt), safetensors or onnx, for every kind. The PyTorch formats come in a zip with architecture.json and load_model.py; onnx in a zip with encoder.onnx and decoder.onnx (opset 17, the fitted scaling inside the graphs) and preprocessing.json (see docs/models.md).")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/encode", EncodeJson)
            .WithSummary("Encode new rows sent as JSON")
            .WithDescription("Returns each row's latent vector, the cluster it falls in (nearest centroid, with the distance) and its reconstruction error. Up to 10000 rows, each either `features` in the order of the model's featureNames, or (models of CSV tables) raw `values` keyed by column name: gaps (missing key, null, \"\") get the fill value the job used (400 when it refused gaps), categories are one-hot encoded and an unknown one is a 400 naming row, column and value.")
            .WithRequestExamples(OpenApi.Examples.EncodeRowsExamples)
            .AcceptsLargeJsonBody()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/encode/file", EncodeFile)
            .WithSummary("Encode the rows of an uploaded CSV file")
            .WithDescription("Multipart: `file` (CSV with a header naming the model's features, in any order; for models of CSV tables, the raw columns as uploaded, empty cells being gaps) and optional `idColumn` (else the dataset's id column when the file has it). Up to 10000 rows.")
            .DisableAntiforgery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ModelListResponse>, ValidationProblem>> List(ModelStore models, DatasetStore datasets,
        ClaimsPrincipal user, CancellationToken cancellationToken, int offset = 0, int limit = 50, string? name = null, Guid? jobId = null)
    {
        if (PageParameters.Check(offset, limit) is { } outOfRange) return outOfRange;
        var items = new List<ModelResponse>();
        foreach (var model in await models.ListAsync(user.TenantId(), offset, limit, cancellationToken, name, jobId))
            items.Add(model.ToResponse(await FeatureNames(datasets, model, cancellationToken)));
        return TypedResults.Ok(new ModelListResponse(items, offset, limit));
    }

    private static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> Get(Guid id, ModelStore models, DatasetStore datasets,
        CancellationToken cancellationToken) =>
        await models.GetAsync(id, cancellationToken) is { } model
            ? TypedResults.Ok(await ModelNamesApi.DescribeAsync(model, models, datasets, cancellationToken))
            : JobProblems.ModelNotFound(id);

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> File(Guid id, ModelStore models,
        ModelCache cache, CancellationToken cancellationToken, string format = "torchsharp")
    {
        if (format is not ("torchsharp" or "pytorch" or "safetensors" or "onnx"))
            return JobResultsApi.Invalid("format", "format must be torchsharp, pytorch, safetensors or onnx.");
        var model = await models.GetAsync(id, cancellationToken);
        if (model is null) return JobProblems.ModelNotFound(id);
        if (format == "torchsharp")
            return TypedResults.File((await models.GetFileAsync(id, cancellationToken))!, ModelFile.ContentType, $"model-{id}{ModelFile.Extension}");
        var loaded = await cache.GetAsync(model);
        if (format == "onnx")
            return TypedResults.File(OnnxExport.Export(loaded.Model), "application/zip", $"model-{id}-onnx.zip");
        var portable = format == "pytorch" ? PortableFormat.PyTorch : PortableFormat.Safetensors;
        return TypedResults.File(PortableModel.Export(loaded.Model, portable), "application/zip", $"model-{id}-{format}.zip");
    }

    private static async Task<Results<Ok<EncodeResponse>, ValidationProblem, ProblemHttpResult>> EncodeJson(Guid id, EncodeRequest request,
        ModelStore models, ModelCache cache, CancellationToken cancellationToken)
    {
        if (request.Rows is null || request.Rows.Length == 0) return JobResultsApi.Invalid("rows", "Give at least one row.");
        if (request.Rows.Length > MaxRows) return JobResultsApi.Invalid("rows", $"At most {MaxRows} rows per request; got {request.Rows.Length}.");
        var model = await models.GetAsync(id, cancellationToken);
        if (model is null) return JobProblems.ModelNotFound(id);
        var loaded = await cache.GetAsync(model);
        var ids = request.Rows.Select((row, i) => row.Id ?? RawRows.RowNumber(i)).ToArray();

        // One form per request: raw values (models of CSV tables) or features, as the first row has it.
        bool raw = request.Rows[0].Values is not null;
        for (int i = 0; i < request.Rows.Length; i++)
            if (request.Rows[i].Values is not null != raw || request.Rows[i].Features is not null == raw)
                return JobResultsApi.Invalid($"rows[{i}]", $"Row {i} must have {(raw ? "values (and no features), like row 0" : "features (and no values), like row 0")}.");
        if (raw)
        {
            if (loaded.Model.Table is not { } table)
                return JobResultsApi.Invalid("rows[0].values", $"Model '{id}' takes features only: it was not trained on a CSV table whose raw columns were recorded. Send features in the order of featureNames.");
            try
            {
                return TypedResults.Ok(Encode(id, loaded, ids, RawRows.Encode(table, request.Rows, ids)));
            }
            catch (RawRowException problem)
            {
                return JobResultsApi.Invalid(problem.Field, problem.Message);
            }
        }

        int width = (int)loaded.Model.Autoencoder.Spec.InputSize;
        var values = new float[request.Rows.Length * width];
        for (int i = 0; i < request.Rows.Length; i++)
        {
            var features = request.Rows[i].Features;
            if (features is null || features.Length != width)
                return JobResultsApi.Invalid($"rows[{i}].features", $"Row {i} has {features?.Length ?? 0} features; the model takes {width}.");
            if (features.Any(v => !float.IsFinite(v)))
                return JobResultsApi.Invalid($"rows[{i}].features", $"Row {i} holds a value that is not a finite number.");
            features.CopyTo(values, i * width);
        }
        return TypedResults.Ok(Encode(id, loaded, ids, new Matrix(values, request.Rows.Length, width)));
    }

    /// <param name="file">CSV with a header naming the model's features.</param>
    /// <param name="idColumn">Column holding row ids (optional).</param>
    private static async Task<Results<Ok<EncodeResponse>, ValidationProblem, ProblemHttpResult>> EncodeFile(Guid id, IFormFile file,
        [FromForm] string? idColumn, ModelStore models, DatasetStore datasets, ModelCache cache, CancellationToken cancellationToken)
    {
        var model = await models.GetAsync(id, cancellationToken);
        if (model is null) return JobProblems.ModelNotFound(id);
        idColumn = string.IsNullOrWhiteSpace(idColumn) ? null : idColumn.Trim();
        var expected = await FeatureNames(datasets, model, cancellationToken);
        var loaded = await cache.GetAsync(model);
        if (loaded.Model.Table is { } table && !NamesEncodedFeatures(file, table, expected))
        {
            // Raw columns (models of CSV tables): filled and one-hot encoded as the model's job did.
            await using var rawStream = file.OpenReadStream();
            RawTableRows rows;
            try
            {
                rows = RawTableReader.Read(rawStream, table, idColumn, MaxRows, cancellationToken);
            }
            catch (DatasetFormatException header) when (header.Row == 1)
            {
                return JobResultsApi.Invalid("file", header.Message);
            }
            return TypedResults.Ok(Encode(id, loaded, rows.Ids, rows.Features));
        }
        await using var stream = file.OpenReadStream();
        // The header is checked against the model before any row is read: a file of other columns costs nothing.
        using var reader = CsvTableReader.Open(stream, new CsvTableOptions(idColumn, MaxRows: MaxRows), cancellationToken);
        var names = reader.FeatureNames!.ToList();
        var unknown = names.Except(expected).ToList();
        var missing = expected.Except(names).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
            return JobResultsApi.Invalid("file", $"The columns must be the model's features: {string.Join(", ", expected)}."
                + (missing.Count > 0 ? $" Missing: {string.Join(", ", missing)}." : "")
                + (unknown.Count > 0 ? $" Not features of this model: {string.Join(", ", unknown)}." : ""));

        var data = reader.ReadAll();
        var order = expected.Select(name => names.IndexOf(name)).ToArray();
        var values = new float[data.Rows * order.Length];
        for (int r = 0; r < data.Rows; r++)
            for (int c = 0; c < order.Length; c++)
                values[r * order.Length + c] = data.Features[r * data.ItemSize + order[c]];
        return TypedResults.Ok(Encode(id, loaded, data.Ids, new Matrix(values, data.Rows, order.Length)));
    }

    // A header with one-hot feature names ("city=Paris") holds encoded features; any other is read as raw columns.
    private static bool NamesEncodedFeatures(IFormFile file, WebClustering.Core.Preprocessing.TablePreprocessing table, string[] features)
    {
        using var stream = file.OpenReadStream();
        var rawNames = table.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return RawTableReader.HeaderNames(stream).Any(name => !rawNames.Contains(name) && features.Contains(name));
    }

    private static EncodeResponse Encode(Guid modelId, LoadedModel loaded, string[] ids, Matrix rows)
    {
        var (encoded, clusters) = loaded.Encode(rows);
        var items = new EncodedRow[rows.Rows];
        for (int i = 0; i < rows.Rows; i++)
        {
            var vector = encoded.Latent.Row(i).ToArray();
            // Noise (-1) has no centre to be near.
            float? distance = clusters[i] < 0 ? null : System.Numerics.Tensors.TensorPrimitives.Distance(vector, loaded.Centroids.Row(clusters[i]));
            items[i] = new EncodedRow(ids[i], vector, clusters[i], distance, encoded.ReconstructionErrors[i]);
        }
        return new EncodeResponse(modelId, items);
    }

    private static async Task<string[]> FeatureNames(DatasetStore datasets, ModelRecord model, CancellationToken cancellationToken) =>
        (await datasets.GetAsync(model.DatasetId, cancellationToken))?.FeatureNames ?? [];

}
