using System.Buffers;
using System.Text;
using System.Text.Json;
using WebClustering.Api.Jobs;
using WebClustering.Core.Search;

namespace WebClustering.Api.Serving;

/// <summary>
/// The body of a batch read, <c>{"itemIds": [...], "fields": "..."}</c>. The usual body is read in one pass over a
/// pooled buffer, each id kept as a slice of its UTF-8 bytes: binding 1,000 ids to strings cost more than looking
/// them up, and their garbage made the collector stop the server often under load. Anything unusual (escapes, other
/// property spellings, unknown properties, malformed JSON) goes through the serializer, which reads or refuses it
/// exactly as model binding would.
/// </summary>
internal sealed class BatchRequestBody : IDisposable
{
    private byte[] body;
    private int[] slices = []; // start and length of each id in body, on the fast path
    private string[]? strings; // the ids, when the serializer read the body
    private int length; // bytes of body read

    private BatchRequestBody(byte[] body) => this.body = body;

    public int Count { get; private set; }
    public string? Fields { get; private set; }
    public bool HasEmptyId { get; private set; }

    /// <summary>Reads the whole body, to <see cref="Parse"/> next.</summary>
    public static async Task<BatchRequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var read = new BatchRequestBody(ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? 4096, 1, 1 << 20)));
        try
        {
            for (int count; (count = await request.Body.ReadAsync(read.body.AsMemory(read.length), cancellationToken)) > 0;)
            {
                read.length += count;
                if (read.length == read.body.Length) read.Grow();
            }
            return read;
        }
        catch
        {
            read.Dispose();
            throw;
        }
    }

    /// <summary>Parses the body read; malformed JSON throws as model binding does (a 400 naming the path).</summary>
    public void Parse(JsonSerializerOptions options)
    {
        if (!TryParse()) Deserialize(options);
    }

    /// <summary>The id at <paramref name="i"/> as a string (allocates: for ids to report, not to look up).</summary>
    public string Id(int i) => strings?[i] ?? Encoding.UTF8.GetString(body, slices[2 * i], slices[2 * i + 1]);

    /// <summary>The UTF-8 byte count of the id at <paramref name="i"/>.</summary>
    public int Utf8Length(int i) => strings is not null ? Encoding.UTF8.GetByteCount(strings[i]) : slices[2 * i + 1];

    /// <summary>Copies the UTF-8 bytes of the id at <paramref name="i"/> into <paramref name="destination"/>; returns their count.</summary>
    public int CopyUtf8(int i, Span<byte> destination)
    {
        if (strings is not null) return Encoding.UTF8.GetBytes(strings[i], destination);
        body.AsSpan(slices[2 * i], slices[2 * i + 1]).CopyTo(destination);
        return slices[2 * i + 1];
    }

    public string[] ToStrings() => strings ?? [.. Enumerable.Range(0, Count).Select(Id)];

    /// <summary>The rows of all the ids, in order, -1 for ids the job does not know.</summary>
    public void RowsIn(VectorIndex index, Span<int> rows)
    {
        if (strings is null) index.RowsOfUtf8(body, slices.AsSpan(0, 2 * Count), rows[..Count]);
        else for (int i = 0; i < Count; i++) rows[i] = index.RowOf(strings[i]) ?? -1;
    }

    public void Dispose()
    {
        if (body.Length > 0) ArrayPool<byte>.Shared.Return(body); // twice would hand one array out twice
        if (slices.Length > 0) ArrayPool<int>.Shared.Return(slices);
        (body, slices) = ([], []);
    }

    private void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(body.Length * 2);
        body.CopyTo(larger, 0);
        ArrayPool<byte>.Shared.Return(body);
        body = larger;
    }

    /// <summary>The exact spelling, unescaped strings and nothing else; false sends the body to the serializer.</summary>
    private bool TryParse()
    {
        var reader = new Utf8JsonReader(body.AsSpan(0, length));
        bool sawIds = false, sawFields = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("itemIds"u8) && !sawIds)
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray || !ReadIds(ref reader)) return false;
                    sawIds = true;
                }
                else if (reader.ValueTextEquals("fields"u8) && !sawFields)
                {
                    if (!reader.Read() || reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) return false;
                    Fields = reader.GetString();
                    sawFields = true;
                }
                else return false;
            }
            return sawIds && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private bool ReadIds(ref Utf8JsonReader reader)
    {
        slices = ArrayPool<int>.Shared.Rent(256);
        int count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            // Escapes and invalid UTF-8 go to the serializer: an id kept as a slice must be exactly its UTF-8 bytes.
            if (reader.ValueIsEscaped || !System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)) return false;
            if (2 * count + 2 > slices.Length)
            {
                var larger = ArrayPool<int>.Shared.Rent(slices.Length * 2);
                slices.AsSpan(0, 2 * count).CopyTo(larger);
                ArrayPool<int>.Shared.Return(slices);
                slices = larger;
            }
            slices[2 * count] = (int)reader.TokenStartIndex + 1; // after the opening quote
            slices[2 * count + 1] = reader.ValueSpan.Length;
            HasEmptyId |= reader.ValueSpan.Length == 0;
            count++;
        }
        Count = count;
        return reader.TokenType == JsonTokenType.EndArray;
    }

    private void Deserialize(JsonSerializerOptions options)
    {
        EmbeddingBatchRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<EmbeddingBatchRequest>(body.AsSpan(0, length), options);
        }
        catch (JsonException json)
        {
            // What model binding throws, so that the exception handler answers with the same 400.
            throw new BadHttpRequestException($"Failed to read parameter \"{nameof(EmbeddingBatchRequest)} request\" from the request body as JSON.", StatusCodes.Status400BadRequest, json);
        }
        strings = request?.ItemIds ?? [];
        Count = strings.Length;
        Fields = request?.Fields;
        HasEmptyId = strings.Any(string.IsNullOrEmpty);
    }
}
