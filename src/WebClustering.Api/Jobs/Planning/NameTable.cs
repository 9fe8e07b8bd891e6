namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// The names one request field accepts, each with the engine value it stands for. Every string field of a job has one
/// table (<see cref="JobNames"/>): validation, defaults and the mapping to the engine all read it, so a name is
/// added, refused or mapped in one place.
/// </summary>
public sealed class NameTable<T>(params (string Name, T Value)[] entries) where T : notnull
{
    public IReadOnlyList<string> Names { get; } = [.. entries.Select(entry => entry.Name)];

    public bool Contains(string? name) => name is not null && entries.Any(entry => entry.Name == name);

    /// <exception cref="ArgumentException">The name is not in the table.</exception>
    public T this[string name] => entries.FirstOrDefault(entry => entry.Name == name) is { Name: not null } found
        ? found.Value
        : throw new ArgumentException(Unknown("value", name));

    public string NameOf(T value) => entries.First(entry => EqualityComparer<T>.Default.Equals(entry.Value, value)).Name;

    /// <summary>The 400 message for a name the table does not hold, e.g. "Unknown optimizer 'x'. Supported: adam, sgd, adamw."</summary>
    public string Unknown(string what, string? name) => $"Unknown {what} '{name}'. Supported: {string.Join(", ", Names)}.";
}
