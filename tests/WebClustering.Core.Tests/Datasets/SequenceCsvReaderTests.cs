namespace WebClustering.Core.Datasets.Tests;

public class SequenceCsvReaderTests
{
    private static Dataset Read(string text, SequenceCsvOptions? options = null) =>
        SequenceCsvReader.Read(Csv.Utf8(text), options ?? new SequenceCsvOptions());

    private static DatasetFormatException Fails(string text, SequenceCsvOptions? options = null) =>
        Assert.Throws<DatasetFormatException>(() => Read(text, options));

    [Fact]
    public void Groups_rows_by_id_in_order_of_first_appearance_and_sorts_each_sequence_by_step()
    {
        var data = Read("id,step,x,y\nb,1,21,22\na,0,10,11\nb,0,20,20.5\na,1,12,13\na,2,14,15\nb,2,24,25\n");

        Assert.Equal(DatasetKind.Sequences, data.Kind);
        Assert.Equal([3, 2], data.ItemShape);
        Assert.Equal(["b", "a"], data.Ids);
        Assert.Equal(["x", "y"], data.FeatureNames!);
        Assert.Equal([20f, 20.5f, 21f, 22f, 24f, 25f, 10f, 11f, 12f, 13f, 14f, 15f], data.Features);
        Assert.Null(data.Labels);
    }

    [Fact]
    public void Orders_steps_numerically_not_as_text()
    {
        var data = Read("id,step,x\ns,10,3\ns,9,2\ns,-1.5,1\n");

        Assert.Equal([1f, 2f, 3f], data.Features);
    }

    [Fact]
    public void Takes_each_sequences_label_from_its_rows_and_custom_column_names()
    {
        var data = Read("t;who;v;class\n0;p;1;walk\n1;p;2;walk\n0;q;3;run\n1;q;4;run\n",
            new SequenceCsvOptions(IdColumn: "who", StepColumn: "t", LabelColumn: "class"));

        Assert.Equal(["walk", "run"], data.Labels!);
        Assert.Equal([2, 1], data.ItemShape);
    }

    [Fact]
    public void Refuses_sequences_of_different_lengths_naming_the_id()
    {
        var error = Fails("id,step,x\na,0,1\na,1,2\nb,0,3\n");

        Assert.Equal("The sequence 'b' has 1 steps, but 'a' (the first in the file) has 2. Every sequence must have the same number of steps.", error.Message);
    }

    [Fact]
    public void Refuses_a_duplicate_step_naming_both_lines()
    {
        var error = Fails("id,step,x\na,0,1\na,1,2\nb,0,3\na,1,4\n");

        Assert.Equal(5, error.Row);
        Assert.Equal("Line 5 (counting the header as line 1): the sequence 'a' already has step 1 on line 3. Each step may appear once per sequence.", error.Message);
    }

    [Fact]
    public void Refuses_a_label_that_changes_within_a_sequence()
    {
        var error = Fails("id,step,x,l\na,0,1,u\na,1,2,v\n", new SequenceCsvOptions(LabelColumn: "l"));

        Assert.Equal((3, "l"), (error.Row, error.Column));
        Assert.Contains("the sequence 'a' has the label 'v' here but 'u' on line 2. A sequence has one label.", error.Message);
    }

    [Theory]
    [InlineData("id,step,x\na,first,1\n", "step", "the step 'first' is not a finite number")]
    [InlineData("id,step,x\n ,0,1\n", "id", "the id is empty")]
    [InlineData("id,step,x\na,0,\n", "x", "the value is missing")]
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
        Assert.Contains("more than 2 data rows", Fails("id,step,x\na,0,1\na,1,2\na,2,3\n", new SequenceCsvOptions(MaxRows: 2)).Message);
    }
}
