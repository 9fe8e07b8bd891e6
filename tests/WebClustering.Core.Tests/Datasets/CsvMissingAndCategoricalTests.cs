namespace WebClustering.Core.Datasets.Tests;

public class CsvMissingAndCategoricalTests
{
    [Fact]
    public void Refuses_an_empty_cell_by_default_naming_line_and_column()
    {
        var error = Csv.Fails("x,y\n1,2\n3, \n");

        Assert.Equal((3, "y"), (error.Row, error.Column));
        Assert.Contains("the value is missing", error.Message);
    }

    [Fact]
    public void Keeps_empty_cells_as_NaN_when_missing_values_are_allowed()
    {
        var data = Csv.Read("x,y\n1,\n ,4\n", new CsvReadOptions(AllowMissingValues: true));

        Assert.Equal(2, data.Features.Count(float.IsNaN));
        Assert.Equal(1f, data.Features[0]);
        Assert.Equal(4f, data.Features[3]);
        Assert.True(data.HasMissingValues);
    }

    [Fact]
    public void Still_refuses_text_that_is_not_a_number_when_missing_values_are_allowed()
    {
        var error = Csv.Fails("x\n1\nNaN\n", new CsvReadOptions(AllowMissingValues: true));

        Assert.Equal((3, "x"), (error.Row, error.Column));
        Assert.Contains("not a finite number", error.Message);
    }

    [Fact]
    public void Keeps_named_categorical_columns_as_trimmed_text_apart_from_the_numbers()
    {
        var data = Csv.Read("colour,x,size\nred,1,S\n blue ,2,M\n", new CsvReadOptions(CategoricalColumns: ["colour", "size"]));

        Assert.Equal(["x"], data.FeatureNames);
        Assert.Equal([1f, 2f], data.Features);
        Assert.Equal(["colour", "size"], data.Categorical.Select(c => c.Name));
        Assert.Equal(["red", "blue"], Texts(data.Categorical[0]));
        Assert.Equal(["S", "M"], Texts(data.Categorical[1]));
    }

    [Fact]
    public void Keeps_a_numeric_looking_named_categorical_column_as_text()
    {
        var data = Csv.Read("zip,x\n01000,1\n02000,2\n", new CsvReadOptions(CategoricalColumns: ["zip"]));

        Assert.Equal(["01000", "02000"], Texts(data.Categorical[0]));
    }

    [Fact]
    public void Detects_every_non_numeric_column_when_asked_leaving_numeric_ones_numbers()
    {
        var data = Csv.Read("id,a,colour,b\nr1,1,red,2\nr2,3,7,\nr3,5,green,6\n",
            new CsvReadOptions(IdColumn: "id", AllowMissingValues: true, AllNonNumericAsCategorical: true));

        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal("colour", Assert.Single(data.Categorical).Name);
        Assert.Equal(["red", "7", "green"], Texts(data.Categorical[0]));
        Assert.True(float.IsNaN(data.Features[3]));
    }

    [Fact]
    public void Detects_categorical_columns_in_a_stream_that_can_be_read_only_once()
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes("x,c\n1,a\n2,b\n");

        var data = CsvDatasetReader.Read(new Csv.TrickleStream(bytes), new CsvReadOptions(AllNonNumericAsCategorical: true));

        Assert.Equal(["a", "b"], Texts(data.Categorical[0]));
        Assert.Equal([1f, 2f], data.Features);
    }

    [Fact]
    public void Records_an_empty_categorical_cell_as_missing_when_allowed_and_refuses_it_otherwise()
    {
        var allowed = Csv.Read("x,c\n1,\n", new CsvReadOptions(AllowMissingValues: true, CategoricalColumns: ["c"]));
        var error = Csv.Fails("x,c\n1,a\n2,\n", new CsvReadOptions(CategoricalColumns: ["c"]));

        Assert.Null(allowed.Categorical[0].Values[0]);
        Assert.Equal((3, "c"), (error.Row, error.Column));
    }

    [Fact]
    public void Refuses_a_categorical_column_that_is_not_in_the_header_or_is_the_label()
    {
        var missing = Csv.Fails("x,c\n1,a\n", new CsvReadOptions(CategoricalColumns: ["colour"]));
        var label = Csv.Fails("x,c\n1,a\n", new CsvReadOptions(LabelColumn: "c", CategoricalColumns: ["c"]));

        Assert.Equal("The categorical column 'colour' is not in the header. The columns are: 'x', 'c'.", missing.Message);
        Assert.Contains("cannot be both the label column and the categorical column", label.Message);
    }

    [Fact]
    public void Accepts_a_table_whose_only_features_are_categorical()
    {
        var data = Csv.Read("id,c\na,x\n", new CsvReadOptions(IdColumn: "id", CategoricalColumns: ["c"]));

        Assert.Equal(0, data.Cols);
        Assert.Empty(data.Features);
    }

    private static string[] Texts(CategoricalColumn column) => [.. column.Values.Select(v => v ?? "<missing>")];
}
