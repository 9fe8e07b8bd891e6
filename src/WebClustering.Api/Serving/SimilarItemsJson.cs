using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using WebClustering.Core.Search;

namespace WebClustering.Api.Serving;

/// <summary>
/// A similar-items answer written straight to the response: the JSON the serializer writes for
/// <see cref="SimilarResponse"/> (same names, order, escaping and float format), without building the response
/// records and walking them by reflection, which cost about a tenth of a looked-up request's CPU.
/// </summary>
public sealed class SimilarItemsJson(string metric, IReadOnlyList<Neighbour> neighbours, string search) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "application/json; charset=utf-8";

    public async Task ExecuteAsync(HttpContext context)
    {
        context.Response.ContentType = ContentType;
        var body = context.Response.BodyWriter;
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("metric", metric);
            writer.WriteString("search", search);
            writer.WriteStartArray("items");
            foreach (var neighbour in neighbours)
            {
                writer.WriteStartObject();
                writer.WriteString("itemId", neighbour.ItemId);
                writer.WritePropertyName("score");
                // As the service's JSON options do (AllowNamedFloatingPointLiterals): a non-finite score as a string.
                if (float.IsFinite(neighbour.Score)) writer.WriteNumberValue(neighbour.Score);
                else writer.WriteStringValue(neighbour.Score.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteNumber("cluster", neighbour.Cluster);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        await body.FlushAsync(context.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(SimilarResponse), ["application/json"]));
}
