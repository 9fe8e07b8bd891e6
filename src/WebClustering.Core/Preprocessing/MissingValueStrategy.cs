using System.Text.Json.Serialization;

namespace WebClustering.Core.Preprocessing;

/// <summary>What happens to missing values (empty CSV cells).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MissingValueStrategy>))]
public enum MissingValueStrategy
{
    /// <summary>Refuse data with a missing value, naming its row and column.</summary>
    [JsonStringEnumMemberName("refuse")] Refuse,

    /// <summary>Fill a numeric column's gaps with its mean; a categorical column's with its most frequent value.</summary>
    [JsonStringEnumMemberName("mean")] Mean,

    /// <summary>Fill a numeric column's gaps with its exact median; a categorical column's with its most frequent value.</summary>
    [JsonStringEnumMemberName("median")] Median,

    /// <summary>
    /// Upload only: store gaps as NaN (a categorical gap as NaN across its one-hot block) so that each job chooses
    /// refuse, mean or median. Training never sees them: the job fills them or is refused.
    /// </summary>
    [JsonStringEnumMemberName("keep")] Keep,
}
