using System.Text;

namespace WebClustering.Core.Datasets.Tests;

/// <summary>CSV text a table upload refuses, each with a message naming the line and column.</summary>
public class CsvFailureTests
{
    private static readonly CsvTableOptions WithId = new(IdColumn: "id");

    [Theory]
    [InlineData("")]
    [InlineData("\n\r\n  \n")]
    public void Refuses_an_empty_file(string text)
    {
        var error = Csv.Fails(text);

        Assert.StartsWith("The CSV file is empty", error.Message);
    }

    [Fact]
    public void Refuses_a_file_with_only_a_byte_order_mark_as_empty()
    {
        var error = Assert.Throws<DatasetFormatException>(() =>
            Csv.Read(new MemoryStream(Encoding.UTF8.GetPreamble()), new CsvTableOptions()));

        Assert.StartsWith("The CSV file is empty", error.Message);
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData("a,b\r\n\r\n")]
    public void Refuses_a_header_without_data_rows(string text)
    {
        Assert.Contains("has a header but no data rows", Csv.Fails(text).Message);
    }

    [Fact]
    public void Refuses_a_file_whose_first_line_is_blank()
    {
        var error = Csv.Fails("\na,b\n1,2\n");

        Assert.Equal(1, error.Row);
        Assert.StartsWith("Line 1 (the header): the first line is empty", error.Message);
    }

    [Fact]
    public void Refuses_a_duplicate_header_name_naming_both_positions()
    {
        var error = Csv.Fails("a,b, a\n1,2,3\n");

        Assert.Equal(1, error.Row);
        Assert.Equal("a", error.Column);
        Assert.Equal("Line 1 (the header), column 'a': the name 'a' is used by both column 1 and column 3. Column names must be unique.", error.Message);
    }

    [Fact]
    public void Refuses_an_empty_header_name_naming_its_position()
    {
        var error = Csv.Fails("a, ,c\n1,2,3\n");

        Assert.Equal(1, error.Row);
        Assert.Contains("column 2 has no name", error.Message);
    }

    [Theory]
    [InlineData("ID", null, "The id column 'ID' is not in the header. The columns are: 'id', 'x', 'y'.")]
    [InlineData(null, "class", "The label column 'class' is not in the header. The columns are: 'id', 'x', 'y'.")]
    public void Refuses_a_missing_id_or_label_column_listing_the_available_ones(string? id, string? label, string message)
    {
        var error = Csv.Fails("id,x,y\na,1,2\n", new CsvTableOptions(id, label));

        Assert.Equal(message, error.Message);
        Assert.Equal(id ?? label, error.Column);
    }

    [Fact]
    public void Refuses_the_same_column_as_id_and_label()
    {
        var error = Csv.Fails("id,x\na,1\n", new CsvTableOptions("id", "id"));

        Assert.Contains("both the id column and the label column", error.Message);
    }

    [Fact]
    public void Refuses_a_file_without_feature_columns()
    {
        var error = Csv.Fails("id,label\na,b\n", new CsvTableOptions("id", "label"));

        Assert.Contains("no feature columns", error.Message);
    }

    [Fact]
    public void Refuses_an_empty_id_naming_line_and_column()
    {
        var error = Csv.Fails("id,x\na,1\n  ,2\n", WithId);

        Assert.Equal((3, "id"), (error.Row, error.Column));
        Assert.Equal("Line 3 (counting the header as line 1), column 'id': the id is empty. Every row needs an id.", error.Message);
    }

    [Fact]
    public void Refuses_a_duplicate_id_naming_both_lines_and_the_id()
    {
        var error = Csv.Fails("id,x\nr1,1\nr2,2\nr1,3\n", WithId);

        Assert.Equal((4, "id"), (error.Row, error.Column));
        Assert.Equal("Line 4 (counting the header as line 1), column 'id': the id 'r1' is already used on line 2. Ids must be unique.", error.Message);
    }

    [Theory]
    [InlineData("abc", "'abc' is not a number.")]
    [InlineData("1,5", "'1,5' is not a number. Use '.' as the decimal separator")]
    [InlineData("", "the value is missing")]
    [InlineData("  ", "the value is missing")]
    [InlineData("NaN", "'NaN' is not a finite number")]
    [InlineData("-Infinity", "'-Infinity' is not a finite number")]
    [InlineData("1e39", "'1e39' is not a finite number")]
    public void Refuses_a_value_that_is_not_a_finite_number_naming_line_and_column(string value, string problem)
    {
        var error = Csv.Fails($"x1;x3\n1;2\n3;\"{value}\"\n");

        Assert.Equal((3, "x3"), (error.Row, error.Column));
        Assert.StartsWith($"Line 3 (counting the header as line 1), column 'x3': {problem}", error.Message);
    }

    [Theory]
    [InlineData("a,b,c\n1,2,3\n4,5\n", "found 2 values but the header has 3 columns")]
    [InlineData("a,b,c\n1,2,3\n4,5,6,7\n", "found 4 values but the header has 3 columns")]
    public void Refuses_a_row_with_the_wrong_number_of_values_naming_line_and_counts(string text, string problem)
    {
        var error = Csv.Fails(text);

        Assert.Equal(3, error.Row);
        Assert.Null(error.Column);
        Assert.StartsWith($"Line 3 (counting the header as line 1): {problem} (separator: ',')", error.Message);
    }

    [Fact]
    public void Refuses_a_blank_line_followed_by_more_data()
    {
        var error = Csv.Fails("a,b\n1,2\n\n3,4\n");

        Assert.Equal(3, error.Row);
        Assert.Contains("Empty lines are only allowed at the end of the file", error.Message);
    }

    [Fact]
    public void Reports_the_first_line_of_a_record_after_a_multi_line_quoted_value()
    {
        var error = Csv.Fails("id,x\n\"a\nb\nc\",1\nd,oops\n", WithId);

        Assert.Equal((5, "x"), (error.Row, error.Column));
    }

    [Fact]
    public void Counts_a_crlf_inside_quotes_as_one_line_even_when_split_across_reads()
    {
        const string text = "id,x\r\n\"a\r\nb\r\n\",1\r\nd,oops\r\n";

        var error = Assert.Throws<DatasetFormatException>(() =>
            Csv.Read(new Csv.TrickleStream(Encoding.UTF8.GetBytes(text)), WithId));

        Assert.Equal((5, "x"), (error.Row, error.Column));
    }

    [Fact]
    public void Refuses_an_unclosed_quote_naming_the_line_where_it_opens()
    {
        var error = Csv.Fails("id,x\na,1\n\"b,2\nc,3\n", WithId);

        Assert.Equal(3, error.Row);
        Assert.Contains("closing quote", error.Message);
    }

    [Fact]
    public void Refuses_text_after_a_closing_quote()
    {
        var error = Csv.Fails("id,x\n\"a\"b,1\n", WithId);

        Assert.Equal(2, error.Row);
        Assert.Contains("two quotes", error.Message);
    }

    [Fact]
    public void Refuses_more_rows_than_the_limit()
    {
        var error = Csv.Fails("x\n1\n2\n3\n", new CsvTableOptions(MaxRows: 2));

        Assert.Equal(4, error.Row);
        Assert.Contains("more than 2 data rows", error.Message);
    }

    [Fact]
    public void Refuses_bytes_that_are_not_utf8()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("id,x\n"), 0xE9, .. Encoding.ASCII.GetBytes(",1\n")];

        var error = Assert.Throws<DatasetFormatException>(() =>
            Csv.Read(new MemoryStream(bytes), WithId));

        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public void Refuses_a_quote_as_separator()
    {
        Assert.Throws<DatasetFormatException>(() => Csv.Read("a\n1\n", new CsvTableOptions(Separator: '"')));
    }
}
