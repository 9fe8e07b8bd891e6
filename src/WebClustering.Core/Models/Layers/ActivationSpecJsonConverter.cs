using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebClustering.Core.Models;

/// <summary>
/// Reads an activation from a name or an object with a name and parameters; writes the name alone when no parameter
/// is set, so that specs without parameters keep their stored form.
/// </summary>
internal sealed class ActivationSpecJsonConverter : JsonConverter<ActivationSpec>
{
    public override ActivationSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new ActivationSpec(ParseName(reader.GetString()!));
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("An activation is a name such as \"relu\" or an object such as {\"name\": \"leaky_relu\", \"alpha\": 0.2}.");

        string? name = null;
        double? alpha = null, min = null, max = null, beta = null;
        bool? shared = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString()!.ToLowerInvariant();
            reader.Read();
            switch (property)
            {
                case "name": name = reader.GetString(); break;
                case "alpha": alpha = Number(ref reader); break;
                case "min": min = Number(ref reader); break;
                case "max": max = Number(ref reader); break;
                case "beta": beta = Number(ref reader); break;
                case "shared": shared = reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean(); break;
                default: throw new JsonException($"Unknown activation property '{property}'; an activation has a name and optionally {string.Join(", ", ActivationParameters.Fields)}.");
            }
        }
        return new ActivationSpec(ParseName(name ?? throw new JsonException("The activation has no name.")), alpha)
        {
            Min = min, Max = max, Beta = beta, Shared = shared,
        };
    }

    public override void Write(Utf8JsonWriter writer, ActivationSpec value, JsonSerializerOptions options)
    {
        var parameters = value.SentParameters().ToList();
        if (parameters.Count == 0)
        {
            writer.WriteStringValue(Activations.NameOf(value.Kind));
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("name", Activations.NameOf(value.Kind));
        foreach (var (field, parameter) in parameters)
            if (parameter is bool flag) writer.WriteBoolean(field, flag);
            else writer.WriteNumber(field, (double)parameter);
        writer.WriteEndObject();
    }

    private static double? Number(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();

    // A JsonException keeps the JSON path in the error the caller sees; the message says why (e.g. for "step").
    private static Activation ParseName(string name)
    {
        try { return Activations.Parse(name); }
        catch (ArgumentException error) { throw new JsonException(error.Message, error); }
    }
}
