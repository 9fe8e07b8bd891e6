namespace WebClustering.Api.Registry;

/// <summary>A model name of the tenant: its versions and aliases.</summary>
/// <param name="Versions">How many versions the name has now (deleted ones are not counted; numbers are not reused).</param>
/// <param name="LatestVersion">The highest version, which the alias <c>latest</c> resolves to.</param>
/// <param name="Aliases">Each alias of the name with the version it points at.</param>
public sealed record ModelNameResponse(string Name, int Versions, int LatestVersion, Guid LatestModelId, DateTimeOffset UpdatedAt,
    IReadOnlyList<ModelAliasResponse> Aliases, ModelNameLinks Links);

/// <param name="Self">This name.</param>
/// <param name="Versions">Its versions, newest first (the model list filtered by name).</param>
/// <param name="Latest">Resolves to the highest version.</param>
/// <param name="Alias">Resolves an alias ({alias} to fill in) to its version.</param>
public sealed record ModelNameLinks(string Self, string Versions, string Latest, string Alias);

public sealed record ModelNameListResponse(IReadOnlyList<ModelNameResponse> Items, int Offset, int Limit);

/// <summary>An alias of a model name and the version it points at.</summary>
/// <param name="Resolve">GET it to get the version it points at now, with the model's links.</param>
public sealed record ModelAliasResponse(string Name, string Alias, int Version, Guid ModelId, DateTimeOffset UpdatedAt, string Resolve, string Model);

/// <summary>Where an alias should point: a version of the name, by its number or by its model id (exactly one of them).</summary>
/// <param name="Version">A version number of the name, e.g. 3.</param>
/// <param name="ModelId">The id of a model registered under the name.</param>
public sealed record SetAliasRequest(int? Version = null, Guid? ModelId = null);
