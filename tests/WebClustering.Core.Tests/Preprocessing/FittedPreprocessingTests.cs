using WebClustering.Core.Datasets;
using WebClustering.Core.Datasets.Tests;

namespace WebClustering.Core.Preprocessing.Tests;

public class FittedPreprocessingTests
{
    private static readonly CsvReadOptions Lenient = new(IdColumn: "id", AllowMissingValues: true, AllNonNumericAsCategorical: true);

    private static TabularData Table(string csv, CsvReadOptions? options = null) => Csv.Read(csv, options ?? Lenient);

    [Theory]
    [InlineData(MissingValueStrategy.Mean, 4f)]
    [InlineData(MissingValueStrategy.Median, 2f)]
    public void Fills_missing_numbers_with_the_training_mean_or_median(MissingValueStrategy strategy, float fill)
    {
        var table = Table("id,x,y\na,1,1\nb,2,\nc,9,3\nd,,5\n");

        var fitted = FittedPreprocessing.Fit(table, new PreprocessingOptions(strategy));
        var input = fitted.Apply(table);

        Assert.Equal(fill, input[3, 0]);
        Assert.Equal(3f, input[1, 1]); // mean and median of 1, 3, 5 agree
        Assert.Equal([1f, 1f], input.Row(0).ToArray());
    }

    [Fact]
    public void Refuses_a_missing_value_when_the_job_does_not_impute_naming_row_and_column()
    {
        var table = Table("id,x,y\na,1,1\nb,2,\n");

        var error = Assert.Throws<DatasetFormatException>(() => FittedPreprocessing.Fit(table, new PreprocessingOptions()));

        Assert.Equal("y", error.Column);
        Assert.StartsWith("Row 'b', column 'y': the value is missing", error.Message);
    }

    [Fact]
    public void Refuses_to_impute_a_column_without_any_value()
    {
        var error = Assert.Throws<DatasetFormatException>(() =>
            FittedPreprocessing.Fit(Table("id,x,y\na,1,\nb,2,\n"), new PreprocessingOptions(MissingValueStrategy.Mean)));

        Assert.Equal("The column 'y' has no values at all, so there is nothing to fill its gaps with.", error.Message);
    }

    [Fact]
    public void One_hot_encodes_categorical_columns_after_the_numeric_ones_named_column_equals_category()
    {
        var table = Table("id,colour,x,size\na,red,1,S\nb,blue,2,M\nc,red,3,S\n");

        var data = FittedPreprocessing.Fit(table, new PreprocessingOptions()).Transform(table);

        Assert.Equal(["x", "colour=blue", "colour=red", "size=M", "size=S"], data.FeatureNames!);
        Assert.Equal([1f, 0f, 1f, 0f, 1f, 2f, 1f, 0f, 1f, 0f, 3f, 0f, 1f, 0f, 1f], data.Features);
        Assert.Equal(["a", "b", "c"], data.Ids);
        Assert.Equal([5], data.ItemShape);
    }

    [Fact]
    public void Fills_a_missing_category_with_the_most_frequent_one_when_imputing()
    {
        var table = Table("id,c\na,x\nb,y\nc,y\nd,\n");

        var input = FittedPreprocessing.Fit(table, new PreprocessingOptions(MissingValueStrategy.Median)).Apply(table);

        Assert.Equal([0f, 1f], input.Row(3).ToArray());
    }

    [Fact]
    public void Encodes_a_category_unseen_in_training_as_all_zeros()
    {
        var fitted = FittedPreprocessing.Fit(Table("id,c\na,x\nb,y\n"), new PreprocessingOptions());

        var input = fitted.Apply(Table("id,c\nz,w\n", fitted.CsvOptionsFor(new CsvReadOptions(IdColumn: "id"))));

        Assert.Equal([0f, 0f], input.Row(0).ToArray());
    }

    [Fact]
    public void Refuses_a_categorical_column_with_more_values_than_the_limit()
    {
        var table = Table("id,name,x\na,ann,1\nb,bob,2\nc,cy,3\n");

        var error = Assert.Throws<DatasetFormatException>(() =>
            FittedPreprocessing.Fit(table, new PreprocessingOptions(MaxCategories: 2)));

        Assert.StartsWith("The categorical column 'name' has 3 distinct values; at most 2 can be one-hot encoded.", error.Message);
    }

    [Fact]
    public void Scales_the_encoded_features_last()
    {
        var table = Table("id,x,c\na,0,p\nb,10,q\n");

        var fitted = FittedPreprocessing.Fit(table, new PreprocessingOptions(Scaling: ScalingKind.Standardize));
        var input = fitted.Apply(table);

        Assert.Equal(ScalingKind.Standardize, fitted.Scaler.Kind);
        Assert.Equal([-1f, 1f, -1f], input.Row(0).ToArray()); // x, c=p, c=q
        Assert.Equal([1f, -1f, 1f], input.Row(1).ToArray());
    }

    [Fact]
    public void Round_trips_through_json_and_encodes_new_rows_exactly_as_training_rows()
    {
        var training = Table("id,x,colour,y\na,1,red,\nb,,blue,4\nc,3,red,8\n");
        var fitted = FittedPreprocessing.Fit(training, new PreprocessingOptions(MissingValueStrategy.Mean, ScalingKind.MinMax));

        var loaded = PreprocessingJson.Deserialize(PreprocessingJson.Serialize(fitted));
        // The new file orders its columns differently and has one the model does not use.
        var newRows = Table("id,y,extra,colour,x\nb,4,7,blue,\nc,8,7,red,3\n", loaded.CsvOptionsFor(new CsvReadOptions(IdColumn: "id")));

        var expected = fitted.Apply(training);
        var actual = loaded.Apply(newRows);
        Assert.Equal(expected.Values.AsSpan(expected.Cols).ToArray(), actual.Values);
        Assert.Equal(fitted.OutputFeatureNames, loaded.OutputFeatureNames);
    }

    [Fact]
    public void Writes_readable_json_with_the_fitted_values()
    {
        var fitted = FittedPreprocessing.Fit(Table("id,x,c\na,1,p\nb,,q\n"), new PreprocessingOptions(MissingValueStrategy.Mean));

        string json = PreprocessingJson.Serialize(fitted);

        Assert.Contains("\"missing\": \"mean\"", json);
        Assert.Contains("\"fillValues\": [\n    1\n  ]", json.ReplaceLineEndings("\n"));
        Assert.Contains("\"categories\": [", json);
        Assert.Contains("\"kind\": \"none\"", json);
    }

    [Theory]
    [InlineData("\"version\": 1", "\"version\": 2", "version 2 is not supported")]
    [InlineData("\"numericWidth\": 1", "\"numericWidth\": 3", "sizes do not agree")]
    [InlineData("\"p\",", "\"q\",", "sizes do not agree")]
    [InlineData("{", "[", "cannot be read")]
    public void Refuses_json_that_is_inconsistent_or_of_another_version(string find, string replace, string problem)
    {
        var fitted = FittedPreprocessing.Fit(Table("id,x,c\na,1,p\nb,2,q\n"), new PreprocessingOptions());
        string json = PreprocessingJson.Serialize(fitted);
        Assert.Contains(find, json);

        var error = Assert.Throws<InvalidDataException>(() => PreprocessingJson.Deserialize(ReplaceFirst(json, find, replace)));

        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Refuses_new_data_without_a_column_the_model_was_trained_with()
    {
        var fitted = FittedPreprocessing.Fit(Table("id,x,y\na,1,2\n"), new PreprocessingOptions());

        var error = Assert.Throws<DatasetFormatException>(() => fitted.Apply(Table("id,x\na,1\n")));

        Assert.Equal("The data has no column 'y', which the model was trained with.", error.Message);
    }

    [Fact]
    public void Encodes_a_table_whose_only_features_are_categorical()
    {
        var table = Table("id,c\na,p\nb,q\n");

        var input = FittedPreprocessing.Fit(table, new PreprocessingOptions()).Apply(table);

        Assert.Equal([1f, 0f, 0f, 1f], input.Values);
    }

    [Fact]
    public void Scales_image_pixels_per_position_when_fitted_on_an_images_dataset()
    {
        var images = Idx.Read(Idx.Images(count: 4, height: 2, width: 2));

        var fitted = FittedPreprocessing.Fit(images, new PreprocessingOptions(Scaling: ScalingKind.MinMax));
        var input = PreprocessingJson.Deserialize(PreprocessingJson.Serialize(fitted)).Apply(images);

        Assert.Equal((4, 4), (input.Rows, input.Cols));
        Assert.Null(fitted.OutputFeatureNames);
        Assert.All(input.Values, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal([0f, 0f, 0f, 0f], input.Row(0).ToArray());
        Assert.Equal([1f, 1f, 1f, 1f], input.Row(3).ToArray());
    }

    [Fact]
    public void Refuses_a_dataset_of_another_item_size_than_training()
    {
        var fitted = FittedPreprocessing.Fit(Idx.Read(Idx.Images(2, 2, 2)), new PreprocessingOptions());

        Assert.Throws<DatasetFormatException>(() => fitted.Apply(Idx.Read(Idx.Images(2, 3, 3))));
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replace + text[(at + find.Length)..];
    }
}
