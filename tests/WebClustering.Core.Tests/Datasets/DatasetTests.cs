namespace WebClustering.Core.Datasets.Tests;

public class DatasetTests
{
    [Fact]
    public void Describes_images_by_channel_height_and_width_with_one_flat_row_per_item()
    {
        var data = new Dataset(DatasetKind.Images, [1, 2, 3], new float[12], ["0", "1"], ["a", "b"]);

        Assert.Equal([1, 2, 3], data.ItemShape);
        Assert.Equal(6, data.ItemSize);
        Assert.Equal(2, data.Rows);
        var matrix = data.ToMatrix();
        Assert.Equal((2, 6), (matrix.Rows, matrix.Cols));
        Assert.Same(data.Features, matrix.Values);
    }

    [Theory]
    [InlineData(DatasetKind.Table, "table")]
    [InlineData(DatasetKind.Images, "images")]
    [InlineData(DatasetKind.Sequences, "sequences")]
    public void Names_each_kind_as_clients_send_it(DatasetKind kind, string name)
    {
        Assert.Equal(name, kind.ToName());
    }

    [Fact]
    public void Refuses_a_shape_whose_rank_does_not_fit_the_kind()
    {
        Assert.Throws<ArgumentException>(() => new Dataset(DatasetKind.Sequences, [4], new float[4], ["0"]));
    }

    [Fact]
    public void Refuses_features_that_do_not_fill_every_item_exactly()
    {
        Assert.Throws<ArgumentException>(() => new Dataset(DatasetKind.Table, [3], new float[5], ["0", "1"]));
    }

    [Fact]
    public void Refuses_labels_or_feature_names_of_the_wrong_count()
    {
        Assert.Throws<ArgumentException>(() => new Dataset(DatasetKind.Table, [1], new float[2], ["0", "1"], ["a"]));
        Assert.Throws<ArgumentException>(() => new Dataset(DatasetKind.Sequences, [2, 2], new float[4], ["0"], null, ["x"]));
    }

    [Fact]
    public void A_csv_table_becomes_a_table_dataset()
    {
        var data = Csv.Read("id,x,y,c\na,1,2,p\nb,3,4,q\n", new CsvTableOptions("id", "c"));

        Assert.Equal(DatasetKind.Table, data.Kind);
        Assert.Equal([2], data.ItemShape);
        Assert.Equal([1f, 2f, 3f, 4f], data.Features);
        Assert.Equal(["a", "b"], data.Ids);
        Assert.Equal(["p", "q"], data.Labels!);
        Assert.Equal(["x", "y"], data.FeatureNames!);
    }
}
