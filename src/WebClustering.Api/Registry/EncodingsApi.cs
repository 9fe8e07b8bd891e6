using System.Security.Claims;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Jobs;
using WebClustering.Api.OpenApi;
using WebClustering.Api.Operations;
using WebClustering.Api.Tenants;
using WebClustering.Storage.Datasets;
using WebClustering.Storage.Jobs;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Registry;

/// <param name="DatasetId">The dataset to encode: it must have the model's feature layout.</param>
public sealed record CreateEncodingRequest(Guid DatasetId);

/// <summary>
/// Encoding jobs: every row of a dataset through a registered model, as a job (<see cref="EncodingRun"/>) whose
/// results are served like a training job's. This is how new catalogue items get embeddings without retraining.
/// </summary>
public static class EncodingsApi
{
    public static RouteGroupBuilder MapEncodingsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/models/{id:guid}/encodings", Create).WithTags("Models")
            .WithSummary("Queue an encoding job: every row of a dataset through this model")
            .WithDescription("Encodes every row of `datasetId` with the model's fitted preprocessing (fill values, categories, scaler) and encoder, and assigns each row to the model's clusters as POST /api/models/{id}/encode does. The dataset must have the model's feature layout: else 400 naming the first differing column. Returns 202 with a Location header: a job of kind `encoding` (GET /api/jobs/{jobId}), whose embeddings, clusters, similar items, anomalies and exports are served at the same /api/jobs/{jobId}/... paths as a training job's. It registers no model. Deleting the model (or its training job) deletes its encoding jobs; deleting an encoding job deletes its results only.")
            .WithRequestExamples(RegistryExamples.Encoding)
            .WithIdempotency()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> Create(Guid id, CreateEncodingRequest request,
        ModelStore models, DatasetStore datasets, EncodingJobStore encodings, JobStore jobs, IBackgroundJobClient backgroundJobs,
        ClaimsPrincipal user, TenantOwnership ownership, CancellationToken cancellationToken)
    {
        var tenant = user.TenantId();
        var model = await models.GetAsync(id, cancellationToken);
        if (model is null) return JobProblems.ModelNotFound(id);
        // Another tenant's dataset is "no dataset": not even its layout may show through the message.
        var dataset = await ownership.OwnsAsync(tenant, OwnedResource.Dataset, request.DatasetId, cancellationToken)
            ? await datasets.GetAsync(request.DatasetId, cancellationToken)
            : null;
        if (dataset is null) return NoDataset(request.DatasetId);
        var trainedOn = await datasets.GetAsync(model.DatasetId, cancellationToken);
        if (trainedOn is null) return JobProblems.ModelNotFound(id); // deleted with its dataset meanwhile
        if (FeatureLayout.Of(dataset).FirstDifference(FeatureLayout.Of(model, trainedOn)) is { } mismatch)
            return JobResultsApi.Invalid("datasetId", $"The dataset does not have the feature layout of model '{id}' ({model.Name} version {model.Version}). {mismatch}");

        var (outcome, job) = await encodings.CreateAsync(tenant, dataset.Id, model.Id, model.ConfigJson, cancellationToken);
        switch (outcome) // deleted between the checks and the insert
        {
            case CreateEncodingOutcome.DatasetNotFound: return NoDataset(request.DatasetId);
            case CreateEncodingOutcome.ModelNotFound: return JobProblems.ModelNotFound(id);
        }
        await JobsApi.EnqueueAsync(job!, jobs, backgroundJobs);
        return TypedResults.Accepted($"/api/jobs/{job!.Id}", job.ToResponse());
    }

    private static ValidationProblem NoDataset(Guid datasetId) =>
        JobResultsApi.Invalid("datasetId", $"There is no dataset with id '{datasetId}'.");
}
