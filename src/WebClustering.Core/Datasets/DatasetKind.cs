namespace WebClustering.Core.Datasets;

/// <summary>What one item of a dataset is; decides how <see cref="Dataset.ItemShape"/> reads.</summary>
public enum DatasetKind
{
    /// <summary>A row of F numbers: shape [F].</summary>
    Table,

    /// <summary>A picture: shape [C, H, W] (channels, height, width), channel-major like NCHW tensors.</summary>
    Images,

    /// <summary>A series of T steps of F numbers each: shape [T, F], step-major.</summary>
    Sequences,
}

/// <summary>The wire names of <see cref="DatasetKind"/>.</summary>
public static class DatasetKindNames
{
    /// <summary>"table", "images" or "sequences": the name clients send and see.</summary>
    public static string ToName(this DatasetKind kind) => kind switch
    {
        DatasetKind.Table => "table",
        DatasetKind.Images => "images",
        DatasetKind.Sequences => "sequences",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The rank <see cref="Dataset.ItemShape"/> has for this kind.</summary>
    public static int ItemRank(this DatasetKind kind) => kind switch
    {
        DatasetKind.Table => 1,
        DatasetKind.Images => 3,
        DatasetKind.Sequences => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
