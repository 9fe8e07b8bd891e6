using System.Text.Json.Serialization;

namespace WebClustering.Core.Models;

/// <summary>
/// An activation with its optional parameters. JSON: a name (<c>"relu"</c>) or an object
/// (<c>{"name": "leaky_relu", "alpha": 0.2}</c>, <c>{"name": "hardtanh", "min": -2, "max": 2}</c>). Each parameter
/// belongs to some activations only (<see cref="ActivationParameters"/>); left out, it takes PyTorch's default.
/// </summary>
/// <param name="Alpha">leaky_relu's negative slope (0.01), prelu's starting slope (0.25), elu's saturation (1).</param>
[JsonConverter(typeof(ActivationSpecJsonConverter))]
public sealed record ActivationSpec(Activation Kind, double? Alpha = null)
{
    public static readonly ActivationSpec Relu = new(Activation.Relu);

    /// <summary>hardtanh: the lower clip (-1).</summary>
    public double? Min { get; init; }

    /// <summary>hardtanh: the upper clip (1).</summary>
    public double? Max { get; init; }

    /// <summary>softplus: the sharpness, log(1 + exp(beta·x)) / beta (1).</summary>
    public double? Beta { get; init; }

    /// <summary>prelu: true learns one slope for the whole layer; false (the default) one per neuron or channel.</summary>
    public bool? Shared { get; init; }

    public static implicit operator ActivationSpec(Activation kind) => new(kind);

    /// <summary>Every problem with the parameters, each with its field relative to the activation (<c>alpha</c>, <c>max</c>).</summary>
    public IEnumerable<(string Field, string Message)> ParameterProblems()
    {
        foreach (var (field, value) in SentParameters())
            if (!ActivationParameters.Applies(field, Kind))
                yield return (field, $"only {string.Join(", ", ActivationParameters.Owners(field).Select(Activations.NameOf))} take{(ActivationParameters.Owners(field).Length == 1 ? "s" : "")} {field}, not {Activations.NameOf(Kind)}.");
            else if (value is double number && !double.IsFinite(number))
                yield return (field, $"must be a finite number (got {number}).");
        if (Kind == Activation.Softplus && Beta is { } beta && double.IsFinite(beta) && beta <= 0)
            yield return ("beta", $"must be greater than 0 (got {beta}).");
        double low = Min ?? -1, high = Max ?? 1;
        if (Kind == Activation.Hardtanh && double.IsFinite(low) && double.IsFinite(high) && low >= high)
            yield return ("max", $"must be greater than min ({low}); got {high}.");
    }

    /// <summary>The parameters that are set, by their JSON names.</summary>
    internal IEnumerable<(string Field, object Value)> SentParameters()
    {
        if (Alpha is { } alpha) yield return ("alpha", alpha);
        if (Min is { } min) yield return ("min", min);
        if (Max is { } max) yield return ("max", max);
        if (Beta is { } beta) yield return ("beta", beta);
        if (Shared is { } shared) yield return ("shared", shared);
    }

    internal void CollectProblems(SpecProblems problems, string field)
    {
        foreach (var (parameter, message) in ParameterProblems()) problems.Add($"{field}.{parameter}", message);
    }
}

/// <summary>Which activations take which parameter.</summary>
public static class ActivationParameters
{
    private static readonly Dictionary<string, Activation[]> OwnersByField = new()
    {
        ["alpha"] = [Activation.LeakyRelu, Activation.Prelu, Activation.Elu],
        ["min"] = [Activation.Hardtanh],
        ["max"] = [Activation.Hardtanh],
        ["beta"] = [Activation.Softplus],
        ["shared"] = [Activation.Prelu],
    };

    public static IReadOnlyCollection<string> Fields => OwnersByField.Keys;

    public static Activation[] Owners(string field) => OwnersByField[field];

    public static bool Applies(string field, Activation activation) => OwnersByField[field].Contains(activation);
}
