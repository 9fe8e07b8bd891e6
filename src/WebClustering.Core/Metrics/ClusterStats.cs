using WebClustering.Core.Rows;

namespace WebClustering.Core.Metrics;

/// <summary>Per-cluster sizes and double-precision centroids for the internal metrics.</summary>
internal sealed class ClusterStats
{
    private ClusterStats(LabelCodes codes, int rows, int count, long[] sizes, double[] centroids, int dims)
    {
        Codes = codes;
        Rows = rows;
        Count = count;
        Sizes = sizes;
        Centroids = centroids;
        Dims = dims;
    }

    /// <summary>Dense cluster code (0..Count-1) of every row.</summary>
    public LabelCodes Codes { get; }
    public int Rows { get; }
    public int Count { get; }
    public long[] Sizes { get; }
    public double[] Centroids { get; }
    public int Dims { get; }

    /// <summary>sklearn's check_number_of_labels: 2 &lt;= clusters &lt;= rows - 1.</summary>
    public bool HasScorableClusterCount => Count >= 2 && Count <= Rows - 1;

    public ReadOnlySpan<double> Centroid(int cluster) => Centroids.AsSpan(cluster * Dims, Dims);

    public static void Validate(Matrix data, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        Validate(data.Rows, labels);
    }

    public static void Validate(RowSource data, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        Validate(data.Rows, labels);
    }

    private static void Validate(int rows, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != rows)
            throw new ArgumentException(
                $"labels has {labels.Length} entries but data has {rows} rows.", nameof(labels));
        if (rows == 0)
            throw new ArgumentException("At least one row is required.", "data");
    }

    /// <summary>One pass over the rows, in memory or streamed.</summary>
    public static ClusterStats Compute(RowSource data, int[] labels)
    {
        Validate(data, labels);
        int dims = data.Cols;
        var codes = LabelEncoding.Codes(labels, out int count);
        var sizes = new long[count];
        var centroids = new double[count * dims];
        data.ForEachRange(RowSource.PassRows, (values, first, rows) =>
        {
            var span = values.Span;
            for (int r = 0; r < rows; r++)
            {
                int c = codes[first + r];
                sizes[c]++;
                ReadOnlySpan<float> row = span.Slice(r * dims, dims);
                for (int d = 0; d < dims; d++)
                    centroids[c * dims + d] += row[d];
            }
        });
        for (int c = 0; c < count; c++)
        {
            for (int d = 0; d < dims; d++)
                centroids[c * dims + d] /= sizes[c];
        }
        return new ClusterStats(codes, labels.Length, count, sizes, centroids, dims);
    }

    public static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int d = 0; d < x.Length; d++)
        {
            double diff = x[d] - y[d];
            sum += diff * diff;
        }
        return sum;
    }

    public static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int d = 0; d < x.Length; d++)
        {
            double diff = x[d] - y[d];
            sum += diff * diff;
        }
        return sum;
    }
}
