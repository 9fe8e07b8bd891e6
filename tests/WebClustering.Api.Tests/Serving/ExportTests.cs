using WebClustering.Api.Serving;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Serving;

[Collection(ServiceCollection.Name)]
public sealed class ExportTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    private async Task<(TrainedJob Trained, List<EmbeddingResponse> Stored)> Stored()
    {
        var trained = await service.BlobsJobAsync();
        var page = (await client.GetFromJsonAsync<EmbeddingsPage>($"/api/jobs/{trained.Job.Id}/embeddings?limit=10000", ApiClient.Json))!;
        return (trained, [.. page.Items]);
    }

    [Fact]
    public async Task Npy_export_is_a_zip_of_vectors_clusters_and_ids_in_row_order()
    {
        var (trained, stored) = await Stored();

        var response = await client.GetAsync($"/api/jobs/{trained.Job.Id}/embeddings/export?format=npy");

        await response.ShouldHaveStatus(HttpStatusCode.OK);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var vectors = ReadNpy(zip.GetEntry("vectors.npy")!, out var header);
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'shape': (180, 3)", header);
        Assert.Equal(stored.SelectMany(e => e.Vector!), MemoryMarshal.Cast<byte, float>(vectors).ToArray());
        var clusters = ReadNpy(zip.GetEntry("clusters.npy")!, out var clusterHeader);
        Assert.Contains("'shape': (180,)", clusterHeader);
        Assert.Equal(stored.Select(e => e.Cluster!.Value), MemoryMarshal.Cast<byte, int>(clusters).ToArray());
        using var ids = new StreamReader(zip.GetEntry("ids.txt")!.Open());
        Assert.Equal(stored.Select(e => e.ItemId), (await ids.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Csv_export_has_a_header_and_one_line_per_item()
    {
        var (trained, stored) = await Stored();

        var text = await client.GetStringAsync($"/api/jobs/{trained.Job.Id}/embeddings/export?format=csv");

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("item_id,cluster,v0,v1,v2", lines[0].TrimEnd('\r'));
        Assert.Equal(181, lines.Length);
        var first = lines[1].TrimEnd('\r').Split(',');
        Assert.Equal(stored[0].ItemId, first[0]);
        Assert.Equal(stored[0].Vector![2], float.Parse(first[4], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Jsonl_export_has_one_object_per_line()
    {
        var (trained, stored) = await Stored();

        var text = await client.GetStringAsync($"/api/jobs/{trained.Job.Id}/embeddings/export?format=jsonl");

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(180, lines.Length);
        var last = JsonNode.Parse(lines[^1])!;
        Assert.Equal(stored[^1].ItemId, last["itemId"]!.GetValue<string>());
        Assert.Equal(stored[^1].Vector!, last["vector"]!.AsArray().Select(v => v!.GetValue<float>()));
    }

    [Fact]
    public async Task Parquet_export_is_a_parquet_file_with_every_item()
    {
        var (trained, stored) = await Stored();

        var bytes = await client.GetByteArrayAsync($"/api/jobs/{trained.Job.Id}/embeddings/export?format=parquet");

        Assert.Equal("PAR1", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("PAR1", Encoding.ASCII.GetString(bytes, bytes.Length - 4, 4));
        await using var reader = await Parquet.ParquetReader.CreateAsync(new MemoryStream(bytes));
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(["item_id", "cluster", "v0", "v1", "v2"], fields.Select(f => f.Name));
        using var group = reader.OpenRowGroupReader(0);
        Assert.Equal(180, group.RowCount);
        var ids = new string?[180];
        await group.ReadAsync(fields[0], ids.AsMemory());
        Assert.Equal(stored.Select(e => e.ItemId), ids);
        var v2 = new float[180];
        await group.ReadAsync<float>(fields[4], v2.AsMemory());
        Assert.Equal(stored.Select(e => e.Vector![2]), v2);
    }

    [Fact]
    public async Task An_unknown_export_format_is_refused()
    {
        var trained = await service.BlobsJobAsync();
        var problem = await (await client.GetAsync($"/api/jobs/{trained.Job.Id}/embeddings/export?format=xlsx")).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("parquet", problem["errors"]!["format"]![0]!.GetValue<string>());
    }

    private static byte[] ReadNpy(ZipArchiveEntry entry, out string header)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        int length = BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, (10 + length) % 64);
        header = Encoding.ASCII.GetString(bytes, 10, length);
        return bytes[(10 + length)..];
    }
}
