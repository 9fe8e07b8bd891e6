using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WebClustering.Api.Tenants;
using WebClustering.Core.Datasets;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Datasets;

/// <summary>
/// Uploads of the non-CSV-table formats: one endpoint per format, since each has its own files and fields. Each
/// stores items as it reads them, in one transaction: a file the reader refuses, even near its end, is a 400 saying
/// why and leaves no dataset.
/// </summary>
public static class DatasetUploads
{
    public static RouteGroupBuilder MapDatasetUploads(this RouteGroupBuilder group)
    {
        group.MapPost("/idx", Idx)
            .WithSummary("Upload images in IDX format (MNIST, Fashion-MNIST)")
            .WithDescription("Multipart form: `file` (IDX images, magic 0x803, gzipped or not), optional `labels` (IDX labels, magic 0x801, same order), `name`. Kind images, shape [1, height, width]; pixels stay 0..255 (pick the job's preprocessing).")
            .DisableAntiforgery().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/npy", Npy)
            .WithSummary("Upload one NumPy array (.npy)")
            .WithDescription("Multipart form: `file` (numpy.save output: float32, float64 or uint8, C order), `name`. The rank decides the kind: (N, F) table, (N, T, F) sequences, (N, C, H, W) images. Ids are item numbers; no labels.")
            .DisableAntiforgery().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/images-zip", ImagesZip)
            .WithSummary("Upload a ZIP of images (PNG, JPEG, ...)")
            .WithDescription("Multipart form: `file` (ZIP; each image's path is its id, and its folder, when it has one, its label), `width`, `height` (every image is resized to them, 1 to 1024), `channels` (1 grayscale or 3 RGB), `name`.")
            .DisableAntiforgery().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/sequences-csv", SequencesCsv)
            .WithSummary("Upload sequences as long-format CSV")
            .WithDescription("Multipart form: `file` (CSV, one row per sequence and step), `name`, `idColumn` (default id), `stepColumn` (default step), optional `labelColumn`; every other column is a numeric feature. Every sequence must have the same steps. Kind sequences, shape [steps, features].")
            .DisableAntiforgery().ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    /// <param name="file">The IDX images file.</param>
    /// <param name="labels">The IDX labels file (optional).</param>
    /// <param name="name">A name for the dataset.</param>
    private static async Task<Results<Created<DatasetResponse>, ValidationProblem>> Idx(IFormFile file, IFormFile? labels,
        [FromForm] string name, DatasetStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name)) return DatasetSaving.Invalid("name", "A dataset needs a name.");
        await using var images = file.OpenReadStream();
        await using var labelStream = labels?.OpenReadStream();
        using var reader = IdxDatasetReader.Open(images, labelStream, ct: cancellationToken);
        return await DatasetSaving.SaveAsync(store, user, name, null, labels is null ? null : "label", reader, cancellationToken);
    }

    /// <param name="file">The .npy file.</param>
    /// <param name="name">A name for the dataset.</param>
    private static async Task<Results<Created<DatasetResponse>, ValidationProblem>> Npy(IFormFile file, [FromForm] string name,
        DatasetStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name)) return DatasetSaving.Invalid("name", "A dataset needs a name.");
        await using var stream = file.OpenReadStream();
        using var reader = NpyDatasetReader.Open(stream, ct: cancellationToken);
        return await DatasetSaving.SaveAsync(store, user, name, null, null, reader, cancellationToken);
    }

    /// <param name="file">The ZIP of images.</param>
    /// <param name="name">A name for the dataset.</param>
    /// <param name="width">Width every image is resized to.</param>
    /// <param name="height">Height every image is resized to.</param>
    /// <param name="channels">1 (grayscale) or 3 (RGB).</param>
    private static async Task<Results<Created<DatasetResponse>, ValidationProblem>> ImagesZip(IFormFile file, [FromForm] string name,
        [FromForm] int width, [FromForm] int height, [FromForm] int channels, DatasetStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name)) return DatasetSaving.Invalid("name", "A dataset needs a name.");
        if (width is < 1 or > ImageZipOptions.MaxSide) return DatasetSaving.Invalid("width", $"width must be between 1 and {ImageZipOptions.MaxSide}.");
        if (height is < 1 or > ImageZipOptions.MaxSide) return DatasetSaving.Invalid("height", $"height must be between 1 and {ImageZipOptions.MaxSide}.");
        if (channels is not (1 or 3)) return DatasetSaving.Invalid("channels", "channels must be 1 (grayscale) or 3 (RGB).");
        await using var stream = file.OpenReadStream();
        using var reader = ImageZipReader.Open(stream, new ImageZipOptions(width, height, channels), cancellationToken);
        return await DatasetSaving.SaveAsync(store, user, name, null, reader.HasLabels ? "folder" : null, reader, cancellationToken);
    }

    /// <param name="file">The long-format CSV.</param>
    /// <param name="name">A name for the dataset.</param>
    /// <param name="idColumn">Column naming each row's sequence (default id).</param>
    /// <param name="stepColumn">Column ordering each sequence's steps (default step).</param>
    /// <param name="labelColumn">Column holding each sequence's label for evaluation (optional).</param>
    private static async Task<Results<Created<DatasetResponse>, ValidationProblem>> SequencesCsv(IFormFile file, [FromForm] string name,
        [FromForm] string? idColumn, [FromForm] string? stepColumn, [FromForm] string? labelColumn, DatasetStore store,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name)) return DatasetSaving.Invalid("name", "A dataset needs a name.");
        var options = new SequenceCsvOptions(DatasetSaving.Optional(idColumn) ?? "id", DatasetSaving.Optional(stepColumn) ?? "step",
            DatasetSaving.Optional(labelColumn));
        await using var stream = file.OpenReadStream();
        using var rows = SequenceCsvReader.Open(stream, options, cancellationToken);
        try
        {
            var record = await store.CreateSequencesAsync(user.TenantId(), name.Trim(), options.IdColumn, options.LabelColumn, [.. rows.FeatureNames],
                async (staging, ct) =>
                {
                    var features = new float[rows.FeatureNames.Count];
                    while (rows.Read(features, out var cells))
                        await staging.WriteAsync(cells.Id, cells.Step, cells.Label, cells.Line, features, ct);
                }, cancellationToken);
            return DatasetSaving.Created(record);
        }
        catch (SequenceMismatchException mismatch)
        {
            throw Described(mismatch.Mismatch);
        }
    }

    /// <summary>What the database found, in the words the in-memory reader uses for the same fault (a 400 naming the line).</summary>
    private static DatasetFormatException Described(SequenceMismatch mismatch) => mismatch switch
    {
        SequenceLabelChanged m => SequenceProblems.LabelChanges(m.Line, m.LabelColumn, m.Id, m.Label, m.FirstLabel, m.FirstLine),
        SequenceStepRepeated m => SequenceProblems.DuplicateStep(m.Line, m.Id, m.Step, m.EarlierLine),
        SequenceStepCountsDiffer m => SequenceProblems.StepCounts(m.Id, m.Steps, m.FirstId, m.FirstSteps),
        _ => throw new InvalidOperationException($"No message for {mismatch}."),
    };
}
