using WebClustering.Core.Preprocessing;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Datasets;

public static class DatasetMapping
{
    public static DatasetResponse ToResponse(this DatasetRecord record) => new(
        record.Id, record.Name, record.RowCount, record.FeatureNames, record.IdColumn, record.LabelColumn, record.CreatedAt,
        record.Kind, record.ItemShape, record.TableEncoding());

    /// <summary>The CSV table encoding recorded at upload; null for other formats and for tables uploaded before it was kept.</summary>
    public static TableEncoding? TableEncoding(this DatasetRecord record) =>
        record.TableEncodingJson is { } json ? Core.Preprocessing.TableEncoding.FromJson<TableEncoding>(json) : null;
}
