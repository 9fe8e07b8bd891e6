using WebClustering.Api.Jobs.Planning;
using WebClustering.Core;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <summary>
/// What a fine-tuning job (training.initFrom) takes from its parent when it runs: the trained model, whose weights
/// training starts from and whose fitted preprocessing (the table's fill values and categories, the scaler) the job
/// reuses instead of fitting its own, so that the child's latents stay comparable with the parent's.
/// </summary>
public sealed class FineTuningStart(ModelStore models)
{
    /// <summary>The parent model, loaded; null for a job that trains from scratch. The caller disposes its module.</summary>
    /// <exception cref="InvalidOperationException">The parent was deleted after the job was queued.</exception>
    public async Task<TrainedModel?> LoadAsync(JobPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Configuration.Training.InitFrom is not { } parentId) return null;
        var file = await models.GetFileAsync(parentId, cancellationToken)
            ?? throw new InvalidOperationException($"The model '{parentId}' this job fine-tunes (training.initFrom) no longer exists.");
        return ModelFile.Load(new MemoryStream(file));
    }

    /// <summary>
    /// Fills a CSV table's gaps in place as the parent's job did (its fill values), or as this job's plan says when the
    /// parent kept no table preprocessing; the preprocessing used goes with the new model.
    /// </summary>
    public static TablePreprocessing? FillGaps(JobPlan plan, TrainedModel? parent, DatasetRecord dataset, Matrix features)
    {
        if (parent?.Table is not { } table) return plan.FillGaps(dataset, features);
        table.Impute(features);
        // Raw rows sent to the new model skip this dataset's id and label columns.
        return table with { IdColumn = dataset.IdColumn, LabelColumn = dataset.LabelColumn };
    }
}
