using System.Net;
using WebClustering.Api.Tests.Infrastructure;
using static WebClustering.Api.Tests.Infrastructure.MalformedFiles;

namespace WebClustering.Api.Tests.Validation;

/// <summary>
/// IDX, NPY, image ZIP and sequence CSV uploads that cannot be used: each a 400 ProblemDetails naming the file, entry,
/// line or field at fault, never a 500, and no dataset left behind. Archive bombs are refused from what they declare,
/// or once what they really inflate to passes a limit, never by inflating them whole.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class MalformedFileTests(ServiceFixture service)
{
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest;
    private static readonly byte[] Pixels = new byte[3 * 8 * 8];

    private static Refusal Idx(byte[] images, byte[]? labels, params string[] mentions) => new(client =>
        client.UploadAsync("/api/datasets/idx", labels is null ? [("file", "images", images)] : [("file", "images", images), ("labels", "labels", labels)],
            ("name", "bad")), Bad, mentions);

    private static Refusal Npy(byte[] file, params string[] mentions) =>
        new(Refusals.Upload("/api/datasets/npy", file, ("name", "bad")), Bad, mentions);

    private static Refusal ImagesZip(byte[] file, string[] mentions, int width = 4, int height = 4, int channels = 1) =>
        new(Refusals.Upload("/api/datasets/images-zip", file, ("name", "bad"), ("width", $"{width}"), ("height", $"{height}"), ("channels", $"{channels}")),
            Bad, mentions);

    private static Refusal Sequences(string csv, params string[] mentions) =>
        new(Refusals.Upload("/api/datasets/sequences-csv", Utf8(csv), ("name", "bad"), ("labelColumn", "kind")), Bad, mentions);

    private static byte[] GoodImages => MalformedFiles.Idx(0x803, [3, 8, 8], Pixels);
    private static byte[] Png => PngFrom(DatasetFiles.PngZip([new byte[64]], [0]));

    private static readonly Dictionary<string, Refusal> Cases = new()
    {
        ["an IDX labels file sent as the images"] = Idx(MalformedFiles.Idx(0x801, [3], [1, 2, 3]), null, "magic number 0x00000803", "were the two files swapped?"),
        ["an IDX file with an unknown magic number"] = Idx(MalformedFiles.Idx(0x12345678, [3, 8, 8], Pixels), null, "not an IDX images file", "0x12345678"),
        ["an IDX payload shorter than declared"] = Idx(MalformedFiles.Idx(0x803, [3, 8, 8], new byte[100]), null, "images file is truncated", "only 100 do"),
        ["a truncated gzip of IDX images"] = Idx(TruncatedGzip(MalformedFiles.Idx(0x803, [300, 8, 8], RandomBytes(300 * 64))), null, "images file"),
        ["a corrupt gzip of IDX images"] = Idx(CorruptGzip(MalformedFiles.Idx(0x803, [300, 8, 8], RandomBytes(300 * 64))), null, "images file"),
        ["an IDX file longer than declared"] = Idx(MalformedFiles.Idx(0x803, [3, 8, 8], new byte[3 * 64 + 5]), null, "longer than its header says"),
        ["IDX labels that do not match the images"] = Idx(GoodImages, MalformedFiles.Idx(0x801, [2], [0, 1]), "2 labels but the images file has 3 images"),
        ["IDX labels cut short"] = Idx(GoodImages, MalformedFiles.Idx(0x801, [3], [0, 1]), "labels file is truncated"),
        ["an IDX file of no images"] = Idx(MalformedFiles.Idx(0x803, [0, 8, 8], []), null, "image count of 0"),
        ["an IDX file declaring a billion images"] = Idx(MalformedFiles.Idx(0x803, [1 << 30, 28, 28], []), null, "are accepted"),
        ["an NPY array of int64"] = Npy(MalformedFiles.Npy("<i8", "(2, 2)", new byte[32]), "dtype '<i8'", "float32"),
        ["a big-endian NPY array"] = Npy(MalformedFiles.Npy(">f4", "(2, 2)", new byte[16]), "'>f4' (big-endian)"),
        ["an NPY array in Fortran order"] = Npy(MalformedFiles.Npy("<f4", "(2, 2)", new byte[16], fortran: true), "Fortran"),
        ["a one-dimensional NPY array"] = Npy(MalformedFiles.Npy("<f4", "(4,)", new byte[16]), "1 dimension", "(4,)"),
        ["an NPY array with its data cut short"] = Npy(MalformedFiles.Npy("<f4", "(100, 2)", new byte[300]), "NPY file is truncated", "only 300 follow"),
        ["an NPY array holding NaN"] = Npy(MalformedFiles.Npy("<f4", "(2, 2)", [.. new byte[8], .. BitConverter.GetBytes(float.NaN), .. new byte[4]]),
            "Item 1", "position 0", "not a finite number"),
        ["an NPZ archive"] = Npy(Zip(("a.npy", new byte[10])), "ZIP archive", "numpy.save"),
        ["a ZIP entry that climbs out with .."] = ImagesZip(Zip(("../evil.png", Png)), ["'../evil.png'", "unsafe path"]),
        ["a ZIP entry with an absolute path"] = ImagesZip(Zip(("/etc/evil.png", Png)), ["'/etc/evil.png'", "unsafe path"]),
        ["a ZIP declaring 4 GB once inflated"] = ImagesZip(ClaimingUncompressedSize(Zip(("a.png", Png)), 0xFFFF_FFF0), ["more than 1073741824 bytes once uncompressed"]),
        // Inflation stops at the declared size, so what comes out is not an image.
        ["a ZIP entry inflating far past what it declares"] = ImagesZip(ClaimingUncompressedSize(Zip(("a.png", new byte[65 << 20])), 100),
            ["'a.png'", "not a PNG or JPEG image that can be read"]),
        ["a ZIP entry declaring more than an image may hold"] = ImagesZip(Zip(("a.png", new byte[65 << 20])),
            ["'a.png' holds more than 67108864 bytes once uncompressed"]),
        ["an image declaring 100000 x 100000 pixels"] = ImagesZip(Zip(("big.png", PngHeader(100_000, 100_000))), ["'big.png' is 100000 x 100000 pixels", "at most 40000000"]),
        ["a ZIP with a text file"] = ImagesZip(Zip(("notes.txt", Utf8("hello"))), ["'notes.txt' is not a PNG or JPEG image"]),
        ["a damaged image"] = ImagesZip(Zip(("a.png", RandomBytes(500))), ["'a.png'", "not a PNG or JPEG image that can be read"]),
        ["a file that is not a ZIP"] = ImagesZip(Utf8("just text"), ["not a readable ZIP archive"]),
        ["an image width of 0"] = ImagesZip(Zip(("a.png", Png)), ["width", "between 1 and 1024"], width: 0),
        ["an image height beyond 1024"] = ImagesZip(Zip(("a.png", Png)), ["height", "between 1 and 1024"], height: 5000),
        ["two image channels"] = ImagesZip(Zip(("a.png", Png)), ["channels", "1 (grayscale) or 3 (RGB)"], channels: 2),
        ["sequences of different lengths"] = Sequences("id,step,x,kind\na,0,1,p\na,1,2,p\nb,0,3,q\n", "'b' has 1 steps, but 'a' (the first in the file) has 2"),
        ["a sequence repeating a step"] = Sequences("id,step,x,kind\na,0,1,p\na,1,2,p\na,1,3,p\n", "Line 4", "the sequence 'a' already has step 1 on line 3"),
        ["a sequence changing its label"] = Sequences("id,step,x,kind\na,0,1,p\na,1,2,q\n", "Line 3", "column 'kind'", "has the label 'q' here but 'p' on line 2"),
        ["a step that is not a number"] = Sequences("id,step,x,kind\na,first,1,p\n", "Line 2", "column 'step'", "the step 'first' is not a finite number"),
        ["sequences without a step column"] = Sequences("id,t,x,kind\na,0,1,p\n", "The step column 'step' is not in the header"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_malformed_file_is_refused_naming_the_problem_and_leaves_no_dataset(string name)
    {
        long before = await service.DatasetCountAsync();

        await Cases[name].ShouldBeRefused(service.CreateClient());

        Assert.Equal(before, await service.DatasetCountAsync());
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private static byte[] PngFrom(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        using var entry = archive.Entries[0].Open();
        using var bytes = new MemoryStream();
        entry.CopyTo(bytes);
        return bytes.ToArray();
    }
}
