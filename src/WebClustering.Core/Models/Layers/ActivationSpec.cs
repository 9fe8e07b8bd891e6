using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebClustering.Core.Models;

/// <summary>
/// An activation with its optional alpha. JSON: a name (<c>"relu"</c>) or an object
/// (<c>{"name": "leaky_relu", "alpha": 0.2}</c>); alpha defaults to 0.01 (leaky_relu), 0.25 (prelu's start) or 1 (elu).
/// </summary>
[JsonConverter(typeof(ActivationSpecJsonConverter))]
public sealed record ActivationSpec(Activation Kind, double? Alpha = null)
{
    public static readonly ActivationSpec Relu = new(Activation.Relu);

    public static implicit operator ActivationSpec(Activation kind) => new(kind);

    internal void CollectProblems(SpecProblems problems, string field)
    {
        if (Alpha is not { } alpha) return;
        if (!Activations.TakesAlpha(Kind))
            problems.Add($"{field}.alpha", $"only leaky_relu, prelu and elu take an alpha, not {Activations.NameOf(Kind)}.");
        else if (!double.IsFinite(alpha))
            problems.Add($"{field}.alpha", $"must be a finite number (got {alpha}).");
    }
}

internal sealed class ActivationSpecJsonConverter : JsonConverter<ActivationSpec>
{
    public override ActivationSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new ActivationSpec(ParseName(reader.GetString()!));
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("An activation is a name such as \"relu\" or an object such as {\"name\": \"leaky_relu\", \"alpha\": 0.2}.");

        string? name = null;
        double? alpha = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            if (string.Equals(property, "name", StringComparison.OrdinalIgnoreCase)) name = reader.GetString();
            else if (string.Equals(property, "alpha", StringComparison.OrdinalIgnoreCase)) alpha = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
            else throw new JsonException($"Unknown activation property '{property}'; an activation has a name and an optional alpha.");
        }
        return new ActivationSpec(ParseName(name ?? throw new JsonException("The activation has no name.")), alpha);
    }

    public override void Write(Utf8JsonWriter writer, ActivationSpec value, JsonSerializerOptions options)
    {
        if (value.Alpha is null)
        {
            writer.WriteStringValue(Activations.NameOf(value.Kind));
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("name", Activations.NameOf(value.Kind));
        writer.WriteNumber("alpha", value.Alpha.Value);
        writer.WriteEndObject();
    }

    // A JsonException keeps the JSON path in the error the caller sees; the message says why (e.g. for "step").
    private static Activation ParseName(string name)
    {
        try { return Activations.Parse(name); }
        catch (ArgumentException error) { throw new JsonException(error.Message, error); }
    }
}
