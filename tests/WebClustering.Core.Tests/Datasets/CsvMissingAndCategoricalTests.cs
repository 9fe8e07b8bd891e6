using WebClustering.Core.Preprocessing;

namespace WebClustering.Core.Datasets.Tests;

/// <summary>Empty cells and text columns in a table upload: refused, kept as NaN, or one-hot encoded.</summary>
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
        var data = Csv.Read("x,y\n1,\n ,4\n", new CsvTableOptions(Missing: MissingValueStrategy.Keep));

        Assert.Equal(2, data.Features.Count(float.IsNaN));
        Assert.Equal(1f, data.Features[0]);
        Assert.Equal(4f, data.Features[3]);
    }

    [Fact]
    public void Still_refuses_text_that_is_not_a_number_when_missing_values_are_allowed()
    {
        var error = Csv.Fails("x\n1\nNaN\n", new CsvTableOptions(Missing: MissingValueStrategy.Keep));

        Assert.Equal((3, "x"), (error.Row, error.Column));
        Assert.Contains("not a finite number", error.Message);
    }

    [Fact]
    public void One_hot_encodes_named_categorical_columns_from_their_trimmed_text_after_the_numbers()
    {
        var data = Csv.Read("colour,x,size\nred,1,S\n blue ,2,M\n", new CsvTableOptions(CategoricalColumns: ["colour", "size"]));

        Assert.Equal(["x", "colour=blue", "colour=red", "size=M", "size=S"], data.FeatureNames!);
        Assert.Equal([1f, 0f, 1f, 0f, 1f, 2f, 1f, 0f, 1f, 0f], data.Features);
    }

    [Fact]
    public void Keeps_a_numeric_looking_named_categorical_column_as_text()
    {
        var data = Csv.Read("zip,x\n01000,1\n02000,2\n", new CsvTableOptions(CategoricalColumns: ["zip"]));

        Assert.Equal(["x", "zip=01000", "zip=02000"], data.FeatureNames!);
    }

    [Fact]
    public void Keeps_an_empty_categorical_cell_as_missing_when_allowed_and_refuses_it_otherwise()
    {
        var kept = Csv.Read("x,c\n1,\n2,a\n", new CsvTableOptions(Missing: MissingValueStrategy.Keep, CategoricalColumns: ["c"]));
        var error = Csv.Fails("x,c\n1,a\n2,\n", new CsvTableOptions(CategoricalColumns: ["c"]));

        Assert.Equal([1f, float.NaN, 2f, 1f], kept.Features);
        Assert.Equal((3, "c"), (error.Row, error.Column));
    }

    [Fact]
    public void Refuses_a_categorical_column_that_is_not_in_the_header_or_is_the_label()
    {
        var missing = Csv.Fails("x,c\n1,a\n", new CsvTableOptions(CategoricalColumns: ["colour"]));
        var label = Csv.Fails("x,c\n1,a\n", new CsvTableOptions(LabelColumn: "c", CategoricalColumns: ["c"]));

        Assert.Equal("The categorical column 'colour' is not in the header. The columns are: 'x', 'c'.", missing.Message);
        Assert.Contains("cannot be both the label column and the categorical column", label.Message);
    }

    [Fact]
    public void Accepts_a_table_whose_only_features_are_categorical()
    {
        var data = Csv.Read("id,c\na,x\n", new CsvTableOptions(IdColumn: "id", CategoricalColumns: ["c"]));

        Assert.Equal(["c=x"], data.FeatureNames!);
        Assert.Equal([1f], data.Features);
    }
}
