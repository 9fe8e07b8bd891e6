using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using WebClustering.Api.Jobs;
using WebClustering.Api.Problems;
using WebClustering.Api.Quotas;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tenants;

/// <summary>Deleting a tenant with all its data, and the admin audit log.</summary>
public static class TenantAdminApi
{
    public static RouteGroupBuilder MapTenantAdminApi(this RouteGroupBuilder group)
    {
        group.MapDelete("/tenants/{id:guid}", DeleteTenant)
            .WithSummary("Delete a tenant with everything it stores")
            .WithDescription("Deletes the tenant's datasets, jobs, results, embeddings, models, plots, checkpoints, keys and quotas in one transaction. 409 while any of its jobs is queued or running, unless cancelJobs=true, which cancels them first. The built-in default tenant cannot be deleted.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/audit", ListAudit)
            .WithSummary("List admin actions, newest first: who, what, when")
            .WithDescription(PageParameters.Description)
            .ProducesValidationProblem();
        group.MapTenantQuotasApi();
        return group;
    }

    /// <param name="id">The tenant's id (GET /api/admin/tenants).</param>
    /// <param name="cancelJobs">Cancel the tenant's queued and running jobs first, instead of answering 409.</param>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTenant(Guid id, TenantStore tenants, QuotaStore quotas,
        JobCancellation cancellation, TenantDeletion deletion, ApiKeyResolver resolver, AdminActor actor, HttpContext context,
        CancellationToken cancellationToken, bool cancelJobs = false)
    {
        if (id == DefaultTenant.Id)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The default tenant cannot be deleted.",
                detail: "The built-in default tenant holds the data of anonymous (development) mode; delete its datasets instead.");
        if (await tenants.GetTenantAsync(id, cancellationToken) is not { } tenant) return TenantNotFound(id);
        var active = await quotas.ActiveJobsAsync(id, cancellationToken);
        if (active.Count > 0 && !cancelJobs) return JobsActive(tenant, active.Count);
        foreach (var job in active) await cancellation.CancelAsync(job, cancellationToken);

        var entry = actor.For(context, "tenant.delete", $"tenant:{id}", new { name = tenant.Name, cancelledJobs = active });
        switch (await deletion.DeleteAsync(id, entry, cancellationToken))
        {
            case TenantDeletionOutcome.NotFound: return TenantNotFound(id);
            case TenantDeletionOutcome.JobsActive:
                return JobsActive(tenant, (await quotas.ActiveJobsAsync(id, cancellationToken)).Count);
        }
        // Its keys are gone: this process stops trusting them at once (others within the key cache's duration).
        resolver.Forget();
        return TypedResults.NoContent();
    }

    /// <param name="offset">Entries to skip (0 or more).</param>
    /// <param name="limit">Entries in the page (1 to 500).</param>
    private static async Task<Results<Ok<AuditListResponse>, ValidationProblem>> ListAudit(AuditStore audit, CancellationToken cancellationToken,
        int offset = 0, int limit = 50)
    {
        if (PageParameters.Check(offset, limit) is { } outOfRange) return outOfRange;
        var (entries, total) = await audit.ListAsync(offset, limit, cancellationToken);
        return TypedResults.Ok(new AuditListResponse([.. entries.Select(e => new AuditEntryResponse(
            e.Id, e.At, e.Actor, e.Client, e.Action, e.Target, e.Detail is null ? null : JsonNode.Parse(e.Detail)))], total, offset, limit));
    }

    public static ProblemHttpResult TenantNotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Tenant not found.", detail: $"There is no tenant with id '{id}'.");

    private static ProblemHttpResult JobsActive(TenantRecord tenant, int count) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The tenant has jobs queued or running.",
            detail: $"Tenant '{tenant.Name}' has {count} queued or running jobs. Cancel them, wait for them to end, or delete with ?cancelJobs=true.",
            extensions: new Dictionary<string, object?> { ["activeJobs"] = count });
}

/// <param name="Actor">Who: <c>admin-key:</c> and the admin key's fingerprint (first 8 hex digits of its SHA-256), or <c>command-line:user@host</c>.</param>
/// <param name="Client">The caller's IP address (admin requests).</param>
/// <param name="Action">What: tenant.create, tenant.delete, key.create, key.revoke, quotas.set.</param>
/// <param name="Target">On what: tenant:{id} or key:{id}.</param>
/// <param name="Detail">The action's facts (names, quotas set, jobs cancelled).</param>
public sealed record AuditEntryResponse(long Id, DateTimeOffset At, string Actor, string? Client, string Action, string? Target, JsonNode? Detail);

public sealed record AuditListResponse(IReadOnlyList<AuditEntryResponse> Items, long Total, int Offset, int Limit);
