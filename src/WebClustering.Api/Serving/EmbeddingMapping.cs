using WebClustering.Storage.Jobs;

namespace WebClustering.Api.Serving;

public static class EmbeddingMapping
{
    public static EmbeddingResponse ToResponse(this EmbeddingRecord record, EmbeddingFields fields) => new(
        record.ItemId,
        fields.HasFlag(EmbeddingFields.Cluster) ? record.Cluster : null,
        fields.HasFlag(EmbeddingFields.Vector) ? record.Latent : null,
        fields.HasFlag(EmbeddingFields.ReconstructionError) ? record.ReconstructionError : null);
}
