using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace WebClustering.Core.Search;

public enum SimilarityMetric { Cosine, L2, Dot }

/// <param name="Score">Cosine similarity or dot product (higher is closer), or Euclidean distance (lower is closer).</param>
public readonly record struct Neighbour(int Row, string ItemId, int Cluster, float Score);

/// <summary>
/// Exact nearest-neighbour search over one job's latent vectors, held in memory.
/// Rows are grouped by k-means into partitions (<see cref="Partitioning"/>); a query visits partitions from the
/// most to the least promising and stops when a partition's bound cannot beat the k-th best score, so the answer
/// is exact while most rows of clustered data are never touched. Inside a partition, rows sit in blocks of
/// <see cref="Vector{T}.Count"/> laid out dimension by dimension: one multiply-add per dimension scores a block.
/// </summary>
public sealed class VectorIndex
{
    private static readonly int Lanes = Vector<float>.Count;

    private readonly float[] vectors;      // row-major, as given
    private readonly float[] blocked;      // [block][dim][lane], partitions one after another
    private readonly int[] slotRows;       // row in each block lane, -1 for padding
    private readonly float[] squaredNorms; // per slot
    private readonly float[] inverseNorms; // per slot; 0 for zero vectors and padding
    private readonly Partition[] partitions;
    private readonly ItemIdTable rowsById;

    public VectorIndex(string[] itemIds, int[] clusters, float[] vectors, int dims)
    {
        if (vectors.Length != (long)itemIds.Length * dims || clusters.Length != itemIds.Length)
            throw new ArgumentException("Ids, clusters and vectors must describe the same rows.");
        ItemIds = itemIds;
        Clusters = clusters;
        Dims = dims;
        this.vectors = vectors;
        rowsById = new ItemIdTable(itemIds);

        var (assignment, groups) = Partitioning.Assign(new Matrix(vectors, itemIds.Length, dims));
        var members = Enumerable.Range(0, groups).Select(_ => new List<int>()).ToArray();
        for (int row = 0; row < assignment.Length; row++) members[assignment[row]].Add(row);
        members = [.. members.Where(m => m.Count > 0)];

        int totalBlocks = members.Sum(m => (m.Count + Lanes - 1) / Lanes);
        blocked = new float[(long)totalBlocks * dims * Lanes];
        slotRows = Enumerable.Repeat(-1, totalBlocks * Lanes).ToArray();
        squaredNorms = new float[totalBlocks * Lanes];
        inverseNorms = new float[totalBlocks * Lanes];
        partitions = new Partition[members.Length];
        int nextBlock = 0;
        for (int p = 0; p < members.Length; p++)
        {
            partitions[p] = Layout(members[p], nextBlock);
            nextBlock += partitions[p].Blocks;
        }
    }

    public string[] ItemIds { get; }
    public int[] Clusters { get; }
    public int Dims { get; }
    public int Count => ItemIds.Length;

    /// <summary>Approximate managed memory held, for the cache's budget.</summary>
    public long SizeBytes => 4L * (vectors.Length + blocked.Length + slotRows.Length * 3 + Clusters.Length)
        + ItemIds.Sum(id => 40L + 2L * id.Length) + rowsById.SizeBytes;

    public ReadOnlySpan<float> Vector(int row) => vectors.AsSpan(row * Dims, Dims);

    public int? RowOf(string itemId) => rowsById.Find(itemId) is var row and >= 0 ? row : null;

    /// <summary>Starts loading a row's vector into the cache, ahead of copying it out.</summary>
    public void Prefetch(int row)
    {
        for (int at = row * Dims; at < (row + 1) * Dims; at += 16) // 16 floats, one 64-byte line
            CacheHints.Prefetch(ref vectors[at]);
        CacheHints.Prefetch(ref vectors[(row + 1) * Dims - 1]); // a row that straddles one line more
    }

    /// <summary>Rows of many UTF-8 ids (-1 where unknown); see <see cref="ItemIdTable.FindMany"/>.</summary>
    public void RowsOfUtf8(ReadOnlySpan<byte> source, ReadOnlySpan<int> slices, Span<int> rows) => rowsById.FindMany(source, slices, rows);

    /// <summary>The <paramref name="k"/> rows closest to <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<Neighbour> Search(ReadOnlySpan<float> query, int k, SimilarityMetric metric,
        int? cluster = null, int? excludeRow = null)
    {
        if (query.Length != Dims) throw new ArgumentException($"The vector has {query.Length} values but the embeddings have {Dims}.");
        if (k < 1) throw new ArgumentException("k must be at least 1.");

        float queryNorm = TensorPrimitives.Norm(query);
        var bounds = new float[partitions.Length];
        var order = new int[partitions.Length];
        for (int p = 0; p < partitions.Length; p++)
        {
            bounds[p] = -partitions[p].Bound(query, queryNorm, metric); // ascending sort = most promising first
            order[p] = p;
        }
        Array.Sort(bounds, order);

        var scan = new Scan(this, query, queryNorm, metric, k, cluster, excludeRow);
        for (int i = 0; i < order.Length; i++)
        {
            if (scan.IsFull && -bounds[i] <= scan.Threshold) break; // no row left can beat the k-th best
            scan.Blocks(partitions[order[i]].FirstBlock, partitions[order[i]].Blocks);
        }
        return Finish(scan.Heap, query, queryNorm, metric);
    }

    /// <summary>The state of one query's scan: the best rows so far and the score a row must beat.</summary>
    private sealed class Scan(VectorIndex index, ReadOnlySpan<float> query, float queryNorm, SimilarityMetric metric,
        int k, int? cluster, int? excludeRow)
    {
        private readonly Vector<float>[] broadcast = [.. query.ToArray().Select(value => new Vector<float>(value))];
        private readonly Vector<float> querySquared = new(queryNorm * queryNorm);

        public PriorityQueue<int, float> Heap { get; } = new(k + 1); // min-heap on goodness: the root is the worst kept
        public float Threshold { get; private set; } = float.NegativeInfinity;
        public bool IsFull => Heap.Count == k;

        /// <summary>Scores blocks; goodness is higher-is-better for every metric (negated squared distance for L2).</summary>
        public void Blocks(int first, int count)
        {
            var blocked = MemoryMarshal.Cast<float, Vector<float>>(index.blocked.AsSpan());
            var norms2 = MemoryMarshal.Cast<float, Vector<float>>(index.squaredNorms.AsSpan());
            var inverse = MemoryMarshal.Cast<float, Vector<float>>(index.inverseNorms.AsSpan());
            Span<float> lanes = stackalloc float[Lanes];
            int dims = index.Dims;
            for (int block = first; block < first + count; block++)
            {
                var dot = Vector<float>.Zero;
                int offset = block * dims;
                for (int d = 0; d < dims; d++) dot += broadcast[d] * blocked[offset + d];
                var goodness = metric switch
                {
                    SimilarityMetric.Dot => dot,
                    SimilarityMetric.Cosine => dot * inverse[block],
                    _ => dot * 2f - norms2[block] - querySquared,
                };
                if (!System.Numerics.Vector.GreaterThanAny(goodness, new Vector<float>(Threshold))) continue;
                goodness.CopyTo(lanes);
                for (int lane = 0; lane < Lanes; lane++)
                {
                    int row = index.slotRows[block * Lanes + lane];
                    if (row < 0 || lanes[lane] <= Threshold || row == excludeRow || (cluster is { } c && index.Clusters[row] != c)) continue;
                    if (Heap.Count < k) Heap.Enqueue(row, lanes[lane]);
                    else Heap.EnqueueDequeue(row, lanes[lane]);
                    if (Heap.Count == k && Heap.TryPeek(out _, out var worst)) Threshold = worst;
                }
            }
        }
    }

    private Partition Layout(List<int> members, int firstBlock)
    {
        for (int i = 0; i < members.Count; i++)
        {
            int slot = firstBlock * Lanes + i, block = slot / Lanes, lane = slot % Lanes, row = members[i];
            var vector = Vector(row);
            for (int d = 0; d < Dims; d++) blocked[((long)block * Dims + d) * Lanes + lane] = vector[d];
            float norm = TensorPrimitives.Norm(vector);
            slotRows[slot] = row;
            squaredNorms[slot] = norm * norm;
            inverseNorms[slot] = norm > 0 ? 1 / norm : 0;
        }
        var (centre, radius) = Partitioning.Enclose(members, row => Vector(row).ToArray(), Dims);
        var (unitCentre, unitRadius) = Partitioning.Enclose(members, row => Unit(Vector(row)), Dims);
        return new Partition(firstBlock, (members.Count + Lanes - 1) / Lanes, centre, radius, unitCentre, unitRadius);
    }

    private static float[] Unit(ReadOnlySpan<float> vector)
    {
        var unit = vector.ToArray();
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(unit, norm, unit);
        return unit;
    }

    /// <summary>Orders the kept rows best first and reports their exact scores.</summary>
    private Neighbour[] Finish(PriorityQueue<int, float> heap, ReadOnlySpan<float> query, float queryNorm, SimilarityMetric metric)
    {
        var result = new Neighbour[heap.Count];
        for (int i = result.Length - 1; i >= 0; i--)
        {
            heap.TryDequeue(out int row, out _);
            result[i] = Scored(query, queryNorm, row, metric);
        }
        return result;
    }

    /// <summary>A row as a result for <paramref name="query"/> (whose norm is <paramref name="queryNorm"/>), with its exact score.</summary>
    public Neighbour Scored(ReadOnlySpan<float> query, float queryNorm, int row, SimilarityMetric metric)
    {
        float score = metric switch
        {
            SimilarityMetric.Dot => TensorPrimitives.Dot(query, Vector(row)),
            SimilarityMetric.Cosine => queryNorm == 0 ? 0 : TensorPrimitives.Dot(query, Vector(row)) / (queryNorm * TensorPrimitives.Norm(Vector(row))),
            _ => TensorPrimitives.Distance(query, Vector(row)),
        };
        return new Neighbour(row, ItemIds[row], Clusters[row], score);
    }
}
