using WebClustering.Core.Neighbors;

namespace WebClustering.Core.Clustering;

/// <summary>
/// What a fitted clustering needs to place new rows in its clusters, serialisable with <see cref="ClusteringJson"/>.
/// New rows go through the same preprocessing (the stored standardisation, then L2 normalisation for cosine), then:
/// <list type="bullet">
/// <item>k-means, mini-batch k-means: nearest centroid (<see cref="Centroids"/>).</item>
/// <item>dec, idec: nearest refined centre, which is also the most probable under the Student's t assignment
/// (new rows must be encoded with the refined encoder).</item>
/// <item>manifold: the label of the nearest training row in the embedding (UMAP has no exact out-of-sample map).</item>
/// <item>gmm: most probable component (<see cref="Mixture"/>); <see cref="PredictProba"/> gives all probabilities.</item>
/// <item>dbscan: the label of the nearest core row if it lies within eps, else noise (-1): exactly whether DBSCAN
/// would have made the row a border point of that cluster (<see cref="ReferenceRows"/> are the core rows).</item>
/// <item>hdbscan: the label of the nearest training row that is not noise (an approximation: HDBSCAN itself has no
/// exact out-of-sample rule; new rows are never called noise).</item>
/// <item>agglomerative: the label of the nearest training row.</item>
/// </list>
/// Reference rows are stored in the preprocessed space, row-major, so the model of a density or agglomerative
/// clustering grows with the training set.
/// </summary>
public sealed record ClusteringModel
{
    public required ClusteringAlgorithm Algorithm { get; init; }
    public required int Dims { get; init; }
    public DistanceMetric Distance { get; init; }
    /// <summary>Per-column mean and standard deviation when standardisation was requested.</summary>
    public float[]? StandardizeMean { get; init; }
    public float[]? StandardizeScale { get; init; }
    /// <summary>k x dims, row-major (k-means).</summary>
    public float[]? Centroids { get; init; }
    public GaussianMixtureModel? Mixture { get; init; }
    /// <summary>Rows x dims, row-major: the rows new rows are matched against (density, agglomerative).</summary>
    public float[]? ReferenceRows { get; init; }
    public int[]? ReferenceLabels { get; init; }
    /// <summary>DBSCAN's radius: a new row farther than this from every core row is noise.</summary>
    public double? Eps { get; init; }

    /// <summary>Cluster of each new row (-1: noise), in the same numbering as the fit's labels.</summary>
    public int[] Assign(Matrix newRows)
    {
        Matrix x = Preprocess(newRows);
        switch (Algorithm)
        {
            case ClusteringAlgorithm.KMeans or ClusteringAlgorithm.MiniBatchKMeans or ClusteringAlgorithm.Dec or ClusteringAlgorithm.Idec:
                return KMeans.Assign(x, new Matrix(Required(Centroids), Required(Centroids).Length / Dims, Dims));
            case ClusteringAlgorithm.Gmm:
                return Required(Mixture).Predict(x);
        }
        float[] reference = Required(ReferenceRows);
        int[] labels = Required(ReferenceLabels);
        var result = new int[x.Rows];
        if (labels.Length == 0)
        {
            Array.Fill(result, -1);
            return result;
        }
        var packed = new PackedRows(reference, labels.Length, Dims);
        float limit = Eps is double eps ? (float)(eps * eps) : float.PositiveInfinity;
        var nearest = new int[1];
        var distance = new float[1];
        for (int i = 0; i < x.Rows; i++)
        {
            ExactNeighbors.Nearest(packed, x.Row(i), -1, nearest, distance);
            result[i] = distance[0] <= limit ? labels[nearest[0]] : -1;
        }
        return result;
    }

    /// <summary>Component probabilities of each new row (rows x k); Gaussian mixtures only.</summary>
    public Matrix PredictProba(Matrix newRows) => Algorithm == ClusteringAlgorithm.Gmm
        ? Required(Mixture).PredictProba(Preprocess(newRows))
        : throw new InvalidOperationException($"Only gmm has probabilities; this model is {Algorithm}.");

    /// <summary>Applies the fitted standardisation and, for cosine, row normalisation.</summary>
    public Matrix Preprocess(Matrix rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Cols != Dims)
            throw new ArgumentException($"The model was fitted on {Dims} columns; got {rows.Cols}.", nameof(rows));
        return Transform(rows, StandardizeMean, StandardizeScale, Distance);
    }

    internal static Matrix Transform(Matrix rows, float[]? mean, float[]? scale, DistanceMetric distance)
    {
        if (mean is null && distance == DistanceMetric.Euclidean)
            return rows;
        int dims = rows.Cols;
        var values = (float[])rows.Values.Clone();
        for (int i = 0; i < rows.Rows; i++)
        {
            Span<float> row = values.AsSpan(i * dims, dims);
            if (mean is not null && scale is not null)
                for (int d = 0; d < dims; d++)
                    row[d] = (row[d] - mean[d]) / scale[d];
            if (distance == DistanceMetric.Cosine)
            {
                double norm = 0;
                foreach (float v in row)
                    norm += (double)v * v;
                if (norm > 0)
                {
                    float inverse = (float)(1 / Math.Sqrt(norm));
                    for (int d = 0; d < dims; d++)
                        row[d] *= inverse;
                }
            }
        }
        return new Matrix(values, rows.Rows, dims);
    }

    private static T Required<T>(T? value) where T : class =>
        value ?? throw new InvalidOperationException("The model is missing the parameters its algorithm needs.");
}
