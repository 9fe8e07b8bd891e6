namespace WebClustering.Core.Preprocessing;

/// <summary>What a job does with missing values (empty CSV cells, read as NaN or null).</summary>
public enum MissingValueStrategy
{
    /// <summary>Refuse data with a missing value, naming its row and column.</summary>
    Refuse,

    /// <summary>Fill a numeric column's gaps with its training mean; a categorical column's with its most frequent value.</summary>
    Mean,

    /// <summary>Fill a numeric column's gaps with its training median; a categorical column's with its most frequent value.</summary>
    Median,
}

/// <summary>The preprocessing a job asks for; fitted on its training data into a <see cref="FittedPreprocessing"/>.</summary>
/// <param name="Missing">How missing values are handled.</param>
/// <param name="Scaling">The per-feature scaling applied last, after imputation and one-hot encoding.</param>
/// <param name="MaxCategories">
/// Most distinct values a categorical column may have: each becomes a feature, so an id-like column would
/// otherwise blow the model's input up to one column per row.
/// </param>
public sealed record PreprocessingOptions(
    MissingValueStrategy Missing = MissingValueStrategy.Refuse,
    ScalingKind Scaling = ScalingKind.None,
    int MaxCategories = 1000);

/// <summary>One-hot encoding of one categorical column: one output feature per category, named "column=category".</summary>
/// <param name="Column">The CSV column's name.</param>
/// <param name="Categories">The categories seen in training, in ordinal order; a value not among them encodes as all zeros.</param>
/// <param name="Fill">The category a missing value is replaced with (the most frequent one), or null when missing values are refused.</param>
public sealed record CategoricalEncoding(string Column, string[] Categories, string? Fill);
