using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Jobs;

/// <param name="Epoch">1-based.</param>
/// <param name="TrainingLoss">Mean batch loss over the epoch (on the corrupted inputs when denoising).</param>
/// <param name="ValidationLoss">Loss on the held-out rows after the epoch; absent without training.validationFraction.</param>
/// <param name="LearningRate">The rate used during the epoch (the schedule's).</param>
public sealed record EpochResponse(int Epoch, double TrainingLoss, double? ValidationLoss, double LearningRate);

/// <param name="Epochs">Every epoch run, in order; fewer than asked for when early stopping ended training; empty until training has finished.</param>
public sealed record JobHistoryResponse(Guid JobId, IReadOnlyList<EpochResponse> Epochs);

public static class JobHistoryApi
{
    public static RouteGroupBuilder MapJobHistoryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/jobs/{id:guid}/history", History)
            .WithTags("Results")
            .WithSummary("The training and validation loss of every epoch")
            .WithDescription("Written when training finishes; the learning rate of each epoch shows the schedule.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<JobHistoryResponse>, ProblemHttpResult>> History(Guid id, JobStore jobs,
        EpochHistoryStore history, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is null) return JobProblems.NotFound(id);
        return TypedResults.Ok((await history.ReadAsync(id, cancellationToken)).ToHistoryResponse(id));
    }
}
