using System.Text;

namespace WebClustering.Core.Datasets.Tests;

/// <summary>How a table upload's CSV text becomes ids, labels and numbers (CsvTableReader, as the upload uses it).</summary>
public class CsvParsingTests
{
    [Fact]
    public void Reads_ids_labels_and_features_in_file_order()
    {
        var data = Csv.Read("x1,id,x2,species\n1.5,a,-2,setosa\n3e2,b,0.25,virginica\n",
            new CsvTableOptions(IdColumn: "id", LabelColumn: "species"));

        Assert.Equal(["x1", "x2"], data.FeatureNames);
        Assert.Equal(["a", "b"], data.Ids);
        Assert.Equal(["setosa", "virginica"], data.Labels!);
        Assert.Equal([1.5f, -2f, 300f, 0.25f], data.Features);
        Assert.Equal(2, data.Rows);
        Assert.Equal(2, data.ItemSize);
    }

    [Fact]
    public void Numbers_rows_from_zero_as_ids_when_there_is_no_id_column()
    {
        var data = Csv.Read("a,b\n1,2\n3,4\n5,6\n");

        Assert.Equal(["0", "1", "2"], data.Ids);
        Assert.Null(data.Labels);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], data.Features);
    }

    [Fact]
    public void Skips_a_leading_utf8_byte_order_mark()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("id,x\nr1,7\n")];

        var data = Csv.Read(new MemoryStream(bytes), new CsvTableOptions(IdColumn: "id"));

        Assert.Equal(["x"], data.FeatureNames);
        Assert.Equal(["r1"], data.Ids);
    }

    [Fact]
    public void Keeps_separators_doubled_quotes_and_line_breaks_inside_quoted_fields()
    {
        var data = Csv.Read("id,\"x, y\",label\n\"a,1\",\"2.5\",\"say \"\"hi\"\"\"\n\"b\r\nc\",3,\"\"\n",
            new CsvTableOptions(IdColumn: "id", LabelColumn: "label"));

        Assert.Equal(["x, y"], data.FeatureNames);
        Assert.Equal(["a,1", "b\r\nc"], data.Ids);
        Assert.Equal(["say \"hi\"", ""], data.Labels!);
        Assert.Equal([2.5f, 3f], data.Features);
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData(',')]
    public void Detects_the_separator_from_the_header(char separator)
    {
        string s = separator.ToString();
        var data = Csv.Read($"id{s}a{s}b\nr{s}1.5{s}2\n", new CsvTableOptions(IdColumn: "id"));

        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal([1.5f, 2f], data.Features);
    }

    [Fact]
    public void Ignores_a_separator_candidate_inside_a_quoted_header_name()
    {
        var data = Csv.Read("\"a;b;c\",d\n1,2\n");

        Assert.Equal(["a;b;c", "d"], data.FeatureNames);
    }

    [Fact]
    public void Uses_the_given_separator_instead_of_detecting_one()
    {
        var data = Csv.Read("a|b,c\n1|2\n", new CsvTableOptions(Separator: '|'));

        Assert.Equal(["a", "b,c"], data.FeatureNames);
        Assert.Equal([1f, 2f], data.Features);
    }

    [Theory]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n")]
    [InlineData("a,b\n1,2\n3,4")]
    [InlineData("a,b\r1,2\r3,4\r")]
    [InlineData("a,b\n1,2\n3,4\n\n  \r\n\n")]
    public void Accepts_any_line_ending_and_ignores_blank_trailing_lines(string text)
    {
        var data = Csv.Read(text);

        Assert.Equal(2, data.Rows);
        Assert.Equal([1f, 2f, 3f, 4f], data.Features);
    }

    [Fact]
    public void Trims_header_names_ids_labels_and_numbers()
    {
        var data = Csv.Read(" id , x , y ,lab\n r1 , 1 ,\t-2.5e-1 , cat \n",
            new CsvTableOptions(IdColumn: "id", LabelColumn: "lab"));

        Assert.Equal(["x", "y"], data.FeatureNames);
        Assert.Equal(["r1"], data.Ids);
        Assert.Equal(["cat"], data.Labels!);
        Assert.Equal([1f, -0.25f], data.Features);
    }

    [Fact]
    public void Reads_the_same_table_when_bytes_arrive_one_at_a_time()
    {
        const string text = "id;\"n\"\"ame\";x\r\n\"é,\r\n1\";\"2\";-3\r\nü€;4;5\r\n";
        var options = new CsvTableOptions(IdColumn: "id");

        var whole = Csv.Read(text, options);
        var trickled = Csv.Read(new Csv.TrickleStream(Encoding.UTF8.GetBytes(text)), options);

        Assert.Equal(["é,\r\n1", "ü€"], whole.Ids);
        Assert.Equal(whole.Ids, trickled.Ids);
        Assert.Equal(whole.FeatureNames, trickled.FeatureNames);
        Assert.Equal(whole.Features, trickled.Features);
    }

    [Fact]
    public void Leaves_the_callers_stream_open()
    {
        var stream = Csv.Utf8("a\n1\n");

        Csv.Read(stream, new CsvTableOptions());

        Assert.True(stream.CanRead);
    }

    [Fact]
    public void Reads_a_hundred_thousand_rows()
    {
        const int rows = 100_000;
        var text = new StringBuilder("id,label,x,y,z\n");
        for (int i = 0; i < rows; i++)
            text.Append("row").Append(i).Append(',').Append(i % 3 == 0 ? "\"a,b\"" : "c")
                .Append(',').Append(i).Append(",-").Append(i).Append(".5,").Append(i % 7).Append("e-1\r\n");

        var data = Csv.Read(text.ToString(), new CsvTableOptions(IdColumn: "id", LabelColumn: "label"));

        Assert.Equal(rows, data.Rows);
        Assert.Equal(3, data.ItemSize);
        Assert.Equal(rows * 3, data.Features.Length);
        for (int i = 0; i < rows; i += 997)
        {
            Assert.Equal($"row{i}", data.Ids[i]);
            Assert.Equal(i % 3 == 0 ? "a,b" : "c", data.Labels![i]);
            Assert.Equal((float)i, data.Features[i * 3]);
            Assert.Equal(-(i + 0.5f), data.Features[i * 3 + 1]);
            Assert.Equal(i % 7 / 10f, data.Features[i * 3 + 2]);
        }
        Assert.Equal("row99999", data.Ids[^1]);
    }

    [Fact]
    public void Stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            Csv.Read(Csv.Utf8("a\n1\n"), new CsvTableOptions(), cancelled.Token));
    }
}
