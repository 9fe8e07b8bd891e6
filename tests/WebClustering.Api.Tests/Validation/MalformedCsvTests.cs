using System.Net;
using System.Text;
using WebClustering.Api.Tests.Infrastructure;
using static WebClustering.Api.Tests.Infrastructure.MalformedFiles;

namespace WebClustering.Api.Tests.Validation;

/// <summary>
/// CSV tables that cannot be used: each is a 400 ProblemDetails naming the line, column or field at fault, never a
/// 500, and leaves no dataset behind (rows are streamed into the database as they are read, so a refusal after some
/// rows were written must roll them back).
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class MalformedCsvTests(ServiceFixture service)
{
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest;

    private static Refusal Csv(byte[] file, string[] mentions, params (string, string)[] fields) =>
        new(Refusals.Upload("/api/datasets", file, [("name", "bad"), .. fields]), Bad, mentions);

    private static Refusal Csv(string text, string[] mentions, params (string, string)[] fields) => Csv(Utf8(text), mentions, fields);

    private static readonly Dictionary<string, Refusal> Cases = new()
    {
        ["a row with too few values"] = Csv("a,b,c\n1,2,3\n4,5\n", ["Line 3", "found 2 values but the header has 3 columns"]),
        ["a row with too many values"] = Csv("a,b\n1,2\n3,4,5\n", ["Line 3", "found 3 values"]),
        ["an empty row between rows"] = Csv("a,b\n1,2\n\n3,4\n", ["Line 3", "the line is empty"]),
        ["an empty file"] = Csv("", ["The CSV file is empty"]),
        ["only blank lines"] = Csv("\n \n\n", ["The CSV file is empty"]),
        ["a header without rows"] = Csv("a,b\n", ["header but no data rows"]),
        ["NaN"] = Csv("a,b\n1,2\n1,NaN\n", ["Line 3", "column 'b'", "'NaN' is not a finite number"]),
        ["infinity"] = Csv("a,b\n-Infinity,2\n", ["Line 2", "column 'a'", "not a finite number"]),
        ["a number beyond float range"] = Csv("a,b\n1,1e39\n", ["column 'b'", "'1e39' is not a finite number"]),
        ["text in a numeric column"] = Csv("a,b\n1,2\n3,oops\n", ["Line 3", "column 'b'", "'oops' is not a number"]),
        ["a decimal comma"] = Csv("a;b\n1,5;2\n", ["Line 2", "Use '.' as the decimal separator"]),
        ["bytes that are not UTF-8"] = Csv([.. Utf8("a,b\n1,2\n3,"), 0xFF, 0xFE, .. Utf8("\n")], ["not valid UTF-8"]),
        ["a Latin-1 header"] = Csv(Encoding.Latin1.GetBytes("caf\u00e9,b\n1,2\n"), ["not valid UTF-8", "line 1"]),
        ["an unclosed quote"] = Csv("a,b\n1,\"2\n3,4\n", ["Line 2", "closing quote"]),
        ["text after a closing quote"] = Csv("a,b\n\"1\"x,2\n", ["Line 2", "followed by 'x'"]),
        ["an enormous cell"] = Csv("a,b\n1,2\n3," + new string('9', 2 << 20) + "\n", ["Line 3", "value 2 of the line is longer than 1048576 characters"]),
        ["an enormous header without a line break"] = Csv(new string('a', 2 << 20), ["Line 1", "longer than 1048576 characters"]),
        ["two columns with one name"] = Csv("a,a\n1,2\n", ["Line 1", "'a' is used by both column 1 and column 2"]),
        ["a column without a name"] = Csv("a,,b\n1,2,3\n", ["column 2 has no name"]),
        ["a repeated id"] = Csv("id,a\nx,1\ny,2\nx,3\n", ["Line 4", "column 'id'", "the id 'x' is already used on line 2"], ("idColumn", "id")),
        ["an empty id"] = Csv("id,a\nx,1\n  ,2\n", ["Line 3", "column 'id'", "the id is empty"], ("idColumn", "id")),
        ["an id column not in the header"] = Csv("a,b\n1,2\n", ["The id column 'key' is not in the header", "'a', 'b'"], ("idColumn", "key")),
        ["the label column named as the id column"] = Csv("a,b\n1,2\n", ["labelColumn", "cannot also be the id column"], ("idColumn", "a"), ("labelColumn", "a")),
        ["an unknown missingValues"] = Csv("a,b\n1,2\n", ["missingValues", "'guess'", "refuse, mean, median"], ("missingValues", "guess")),
        ["a categorical column with too many values"] = Csv("c,x\n" + string.Concat(Enumerable.Range(0, 1001).Select(i => $"v{i},1\n")),
            ["column 'c' has more than 1000 distinct values"], ("categoricalColumns", "c")),
        ["a column with nothing to fill gaps with"] = Csv("a,b\n1,\n2,\n", ["The column 'b' has no values at all"], ("missingValues", "mean")),
        ["a categorical column not in the header"] = Csv("a,b\n1,2\n", ["The categorical column 'colour' is not in the header"], ("categoricalColumns", "colour")),
        ["no feature column at all"] = Csv("id,label\nx,p\n", ["no feature columns"], ("idColumn", "id"), ("labelColumn", "label")),
        ["an empty categorical cell when gaps are refused"] = Csv("c,x\nred,1\n,2\n", ["Line 3", "column 'c'", "the value is missing"], ("categoricalColumns", "c")),
        ["a bad row after many good ones"] = Csv(ManyRowsThen("1,oops"), ["Line 20002", "column 'b'", "'oops' is not a number"]),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    /// <summary>20,000 good rows, streamed into the database, then one bad row.</summary>
    private static string ManyRowsThen(string last) =>
        "a,b\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},{i * 0.5}\n")) + last + "\n";

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_malformed_csv_is_refused_naming_the_problem_and_leaves_no_dataset(string name)
    {
        long before = await service.DatasetCountAsync();

        await Cases[name].ShouldBeRefused(service.CreateClient());

        Assert.Equal(before, await service.DatasetCountAsync());
    }
}
