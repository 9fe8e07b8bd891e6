namespace WebClustering.Core.Preprocessing.Tests;

public class ScalerTests
{
    private static readonly Matrix Data = Matrix.FromRows([[0f, 5f, 2f], [10f, 5f, 4f]]);

    [Fact]
    public void None_leaves_values_unchanged()
    {
        Assert.Equal(Data.Values, Scaler.Fit(Data, ScalingKind.None).Apply(Data).Values);
    }

    [Fact]
    public void MinMax_maps_each_column_onto_zero_to_one_and_a_constant_column_to_zero()
    {
        Assert.Equal([0f, 0f, 0f, 1f, 0f, 1f], Scaler.Fit(Data, ScalingKind.MinMax).Apply(Data).Values);
    }

    [Fact]
    public void Standardize_centres_each_column_on_its_mean_in_units_of_its_deviation()
    {
        Assert.Equal([-1f, 0f, -1f, 1f, 0f, 1f], Scaler.Fit(Data, ScalingKind.Standardize).Apply(Data).Values);
    }
}
