using Microsoft.AspNetCore.Http.HttpResults;

namespace WebClustering.Api.Problems;

/// <summary>
/// The <c>offset</c> and <c>limit</c> of every paged list, checked alike: a value out of range is a 400 naming the
/// parameter and its range rather than being clamped, so that a client asking for a million items learns that a page
/// holds at most 500 instead of quietly getting fewer.
/// </summary>
public static class PageParameters
{
    /// <summary>The most items a page of datasets, jobs or models holds.</summary>
    public const int MaxListLimit = 500;

    /// <summary>For the lists' OpenAPI descriptions.</summary>
    public static readonly string Description =
        $"Paged with offset (0 or more) and limit (1 to {MaxListLimit}, 50 by default); a value out of range is a 400 naming it.";

    /// <summary>A 400 naming <c>offset</c> and/or <c>limit</c> when out of range (0 or more; 1 to <paramref name="maxLimit"/>); null when both are in range.</summary>
    public static ValidationProblem? Check(int offset, int limit, int maxLimit = MaxListLimit)
    {
        var errors = new Dictionary<string, string[]>();
        if (offset < 0) errors["offset"] = [$"offset must be 0 or more (it is {offset})."];
        if (limit < 1 || limit > maxLimit) errors["limit"] = [$"limit must be between 1 and {maxLimit} (it is {limit})."];
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}
