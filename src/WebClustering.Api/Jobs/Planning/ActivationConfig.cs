using System.Text.Json;
using System.Text.Json.Serialization;
using WebClustering.Core.Models;

namespace WebClustering.Api.Jobs.Planning;

/// <summary>
/// A hidden layer's activation as the client sends it: a name (<c>"relu"</c>) or an object with the name and the
/// activation's parameters (<c>{"name": "leaky_relu", "alpha": 0.2}</c>). The name stays a string here so that an
/// unknown one is a validation error under <c>model.activation</c>; the parameters are checked by the Core spec.
/// </summary>
/// <param name="Name">relu, leaky_relu, prelu, elu, softplus, sigmoid, tanh, hardtanh or identity.</param>
[JsonConverter(typeof(ActivationConfigJsonConverter))]
public sealed record ActivationConfig(string Name)
{
    /// <summary>leaky_relu: negative slope (0.01); prelu: starting slope (0.25); elu: saturation (1).</summary>
    public double? Alpha { get; init; }

    /// <summary>hardtanh: lower clip (-1).</summary>
    public double? Min { get; init; }

    /// <summary>hardtanh: upper clip (1).</summary>
    public double? Max { get; init; }

    /// <summary>softplus: sharpness (1).</summary>
    public double? Beta { get; init; }

    /// <summary>prelu: one slope for the whole layer (true) or one per unit (false, the default).</summary>
    public bool? Shared { get; init; }

    public static implicit operator ActivationConfig(string name) => new(name);

    /// <summary>The activation's kind, or null when the name is unknown or refused (the validator reports it).</summary>
    public Activation? Kind => Activations.ByName.TryGetValue(Name, out var kind) ? kind : null;

    /// <exception cref="ArgumentException">The name is unknown or refused (step).</exception>
    public ActivationSpec ToSpec() => new(Activations.Parse(Name), Alpha) { Min = Min, Max = Max, Beta = Beta, Shared = Shared };
}

/// <summary>Reads a name or an object; writes the name alone when no parameter is set (the stored form of older plans).</summary>
internal sealed class ActivationConfigJsonConverter : JsonConverter<ActivationConfig>
{
    public override ActivationConfig Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new ActivationConfig(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("An activation is a name such as \"relu\" or an object such as {\"name\": \"leaky_relu\", \"alpha\": 0.2}.");
        string? name = null;
        double? alpha = null, min = null, max = null, beta = null;
        bool? shared = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString()!;
            reader.Read();
            switch (property.ToLowerInvariant())
            {
                case "name": name = reader.GetString(); break;
                case "alpha": alpha = Number(ref reader, options); break;
                case "min": min = Number(ref reader, options); break;
                case "max": max = Number(ref reader, options); break;
                case "beta": beta = Number(ref reader, options); break;
                case "shared": shared = JsonSerializer.Deserialize<bool?>(ref reader, options); break;
                default:
                    throw new JsonException($"Unknown activation property '{property}'; an activation object has a name and optionally " +
                        $"{string.Join(", ", ActivationParameters.Fields)}.");
            }
        }
        return new ActivationConfig(name ?? throw new JsonException("The activation object has no name."))
        {
            Alpha = alpha, Min = min, Max = max, Beta = beta, Shared = shared,
        };
    }

    public override void Write(Utf8JsonWriter writer, ActivationConfig value, JsonSerializerOptions options)
    {
        if (value is { Alpha: null, Min: null, Max: null, Beta: null, Shared: null })
        {
            writer.WriteStringValue(value.Name);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        void Number(string field, double? number)
        {
            if (number is { } set) writer.WriteNumber(field, set);
        }
        Number("alpha", value.Alpha);
        Number("min", value.Min);
        Number("max", value.Max);
        Number("beta", value.Beta);
        if (value.Shared is { } shared) writer.WriteBoolean("shared", shared);
        writer.WriteEndObject();
    }

    // Through the serializer so that the service's number handling (named literals) applies as for any other field.
    private static double? Number(ref Utf8JsonReader reader, JsonSerializerOptions options) => JsonSerializer.Deserialize<double?>(ref reader, options);
}
