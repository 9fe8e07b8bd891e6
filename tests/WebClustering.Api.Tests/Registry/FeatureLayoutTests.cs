using WebClustering.Api.Registry;
using WebClustering.Core.Preprocessing;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Tests.Registry;

public sealed class FeatureLayoutTests
{
    private static DatasetRecord Table(params TableColumn[] columns)
    {
        var encoding = new TableEncoding(MissingValueStrategy.Refuse, columns);
        var names = encoding.FeatureNames.ToArray();
        return new DatasetRecord(Guid.NewGuid(), "t", 10, names, null, null, DateTimeOffset.UtcNow, "table", [names.Length], encoding.ToJson());
    }

    private static readonly TableColumn Age = new("age", TableColumnKind.Numeric);

    private static string? Compare(DatasetRecord dataset, DatasetRecord model) => FeatureLayout.Of(dataset).FirstDifference(FeatureLayout.Of(model));

    [Fact]
    public void The_same_columns_fit_and_the_first_difference_names_its_column()
    {
        var city = new TableColumn("city", TableColumnKind.Categorical, ["Lyon", "Paris"]);
        Assert.Null(Compare(Table(Age, city), Table(Age, city)));

        var other = Compare(Table(Age, city with { Categories = ["Berlin", "Lyon", "Paris"] }), Table(Age, city));
        Assert.StartsWith("Column 2 ('city'): the dataset's categories are [Berlin, Lyon, Paris], the model's [Lyon, Paris]", other);
        Assert.Equal("Column 2 ('city'): numeric in the dataset, categorical in the model.",
            Compare(Table(Age, new TableColumn("city", TableColumnKind.Numeric)), Table(Age, city)));
        Assert.Equal("Column 2 ('city'): the model takes it; the dataset has no such column.", Compare(Table(Age), Table(Age, city)));
    }

    [Fact]
    public void Kind_shape_and_feature_order_are_checked_for_every_kind()
    {
        DatasetRecord Of(string kind, int[] shape, params string[] names) =>
            new(Guid.NewGuid(), "d", 5, names, null, null, DateTimeOffset.UtcNow, kind, shape);

        Assert.Equal("The dataset holds images; the model was trained on sequences.", Compare(Of("images", [1, 4, 4]), Of("sequences", [4, 4])));
        Assert.Equal("The dataset's items have shape [3, 4, 4]; the model's have [1, 4, 4].", Compare(Of("images", [3, 4, 4]), Of("images", [1, 4, 4])));
        Assert.Equal("Feature 1: the dataset has 'b' where the model has 'a' (features must come in the model's order).",
            Compare(Of("sequences", [5, 2], "b", "a"), Of("sequences", [5, 2], "a", "b")));
        Assert.Null(Compare(Of("images", [1, 4, 4]), Of("images", [1, 4, 4])));
    }
}
