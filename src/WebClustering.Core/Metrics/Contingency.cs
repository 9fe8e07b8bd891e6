using System.Runtime.InteropServices;

namespace WebClustering.Core.Metrics;

/// <summary>Sparse class-by-cluster count table shared by the external metrics.</summary>
/// <remarks>
/// Stored sparsely because a clustering can have nearly as many clusters as rows, and a dense
/// classes x clusters table would then be quadratic in memory.
/// </remarks>
internal sealed class Contingency
{
    private Contingency(long total, long[] classSizes, long[] clusterSizes, Cell[] cells)
    {
        Total = total;
        ClassSizes = classSizes;
        ClusterSizes = clusterSizes;
        Cells = cells;
    }

    public readonly record struct Cell(int Class, int Cluster, long Count);

    public long Total { get; }
    public long[] ClassSizes { get; }
    public long[] ClusterSizes { get; }

    /// <summary>Non-zero cells ordered by (class, cluster), which fixes summation order.</summary>
    public Cell[] Cells { get; }

    public int Classes => ClassSizes.Length;
    public int Clusters => ClusterSizes.Length;

    public static Contingency Build(int[] truth, int[] predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Length != predicted.Length)
            throw new ArgumentException(
                $"truth has {truth.Length} labels but predicted has {predicted.Length}.", nameof(predicted));
        // An empty labelling has no meaningful score; failing loudly beats returning an arbitrary 1.0.
        if (truth.Length == 0)
            throw new ArgumentException("At least one label is required.", nameof(truth));

        int[] classOf = LabelEncoding.Encode(truth, out int classes);
        int[] clusterOf = LabelEncoding.Encode(predicted, out int clusters);
        var classSizes = new long[classes];
        var clusterSizes = new long[clusters];
        var counts = new Dictionary<long, long>();
        for (int i = 0; i < truth.Length; i++)
        {
            classSizes[classOf[i]]++;
            clusterSizes[clusterOf[i]]++;
            long key = (long)classOf[i] * clusters + clusterOf[i];
            CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
        }

        long[] keys = counts.Keys.ToArray();
        Array.Sort(keys);
        var cells = new Cell[keys.Length];
        for (int i = 0; i < keys.Length; i++)
            cells[i] = new Cell((int)(keys[i] / clusters), (int)(keys[i] % clusters), counts[keys[i]]);
        return new Contingency(truth.Length, classSizes, clusterSizes, cells);
    }
}
