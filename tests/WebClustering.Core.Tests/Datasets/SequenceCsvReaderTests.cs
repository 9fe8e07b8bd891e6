namespace WebClustering.Core.Datasets.Tests;

/// <summary>
/// The per-row checks of a long-format sequence file, which run as the upload reads it. The rules across rows
/// (grouping, step order, one label per sequence, equal lengths) run in the database and are tested through the
/// upload endpoint (Api.Tests: FormatUploadTests, SequenceUploadTests, MalformedFileTests).
/// </summary>
public class SequenceCsvReaderTests
{
    private static List<(SequenceRowCells Cells, float[] Features)> ReadRows(string text, SequenceCsvOptions? options = null)
    {
        using var rows = SequenceCsvReader.Open(Csv.Utf8(text), options ?? new SequenceCsvOptions());
        var read = new List<(SequenceRowCells, float[])>();
        var features = new float[rows.FeatureNames.Count];
        while (rows.Read(features, out var cells))
            read.Add((cells, [.. features]));
        return read;
    }

    private static DatasetFormatException Fails(string text, SequenceCsvOptions? options = null) =>
        Assert.Throws<DatasetFormatException>(() => ReadRows(text, options));

    [Fact]
    public void Returns_rows_in_file_order_with_their_id_step_label_line_and_features()
    {
        var rows = ReadRows("t;who;v;class;w\n1;p;2;walk;-1e1\n0; q ;3;run;0.5\n",
            new SequenceCsvOptions(IdColumn: "who", StepColumn: "t", LabelColumn: "class"));

        Assert.Equal([new SequenceRowCells("p", 1, "walk", 2), new SequenceRowCells("q", 0, "run", 3)], rows.Select(r => r.Cells));
        Assert.Equal([2f, -10f], rows[0].Features);
        Assert.Equal([3f, 0.5f], rows[1].Features);
    }

    [Fact]
    public void Names_the_feature_and_label_columns()
    {
        using var rows = SequenceCsvReader.Open(Csv.Utf8("x,id,kind,step,y\na,0,p,0,1\n"), new SequenceCsvOptions(LabelColumn: "kind"));

        Assert.Equal(["x", "y"], rows.FeatureNames);
        Assert.Equal("kind", rows.LabelColumn);
    }

    [Theory]
    [InlineData("id,step,x\na,first,1\n", "step", "the step 'first' is not a finite number")]
    [InlineData("id,step,x\na,Infinity,1\n", "step", "the step 'Infinity' is not a finite number")]
    [InlineData("id,step,x\n ,0,1\n", "id", "the id is empty")]
    [InlineData("id,step,x\na,0,\n", "x", "the value is missing")]
    [InlineData("id,step,x\na,0,NaN\n", "x", "'NaN' is not a finite number")]
    public void Refuses_a_bad_cell_naming_line_and_column(string text, string column, string problem)
    {
        var error = Fails(text);

        Assert.Equal((2, column), (error.Row, error.Column));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Refuses_a_missing_step_column_listing_the_columns()
    {
        var error = Fails("id,time,x\na,0,1\n");

        Assert.Equal("The step column 'step' is not in the header. The columns are: 'id', 'time', 'x'.", error.Message);
    }

    [Fact]
    public void Refuses_a_file_without_feature_columns()
    {
        Assert.Contains("every column is used as the id, the step or the label", Fails("id,step\na,0\n").Message);
    }

    [Fact]
    public void Refuses_a_header_without_rows_and_more_rows_than_the_limit()
    {
        Assert.Contains("no data rows", Fails("id,step,x\n").Message);
        var error = Fails("id,step,x\na,0,1\na,1,2\na,2,3\n", new SequenceCsvOptions(MaxRows: 2));
        Assert.Equal(4, error.Row);
        Assert.Contains("more than 2 data rows", error.Message);
    }
}
