using System.Numerics;

namespace WebClustering.Core;

/// <summary>
/// A copy of a row-major matrix laid out in blocks of <see cref="Width"/> rows, each block stored dimension-major
/// (all lanes of dimension 0, then dimension 1, ...). One SIMD register then holds one dimension of
/// <see cref="Width"/> rows, so distances from a point to a whole block cost two vector operations per dimension
/// whatever the dimension count: far better than per-pair SIMD when there are only ~10 dimensions.
/// </summary>
/// <remarks>
/// Every distance is accumulated in float, dimension by dimension in index order, with a fused multiply-add per
/// dimension (one rounding, and one instruction fewer than multiply then add); <see cref="SquaredDistance"/> does
/// exactly the same, so a scalar recheck of one pair reproduces the
/// blocked value bit for bit (Elkan relies on that to return Lloyd's labels). Lanes past the last row are zero and
/// must be ignored by callers.
/// </remarks>
internal sealed class PackedRows
{
    public static int Width => Vector<float>.Count;

    private readonly float[] _blocks;

    public PackedRows(Matrix data) : this(data.Values, data.Rows, data.Cols) { }

    public PackedRows(float[] values, int rows, int dims) : this(values, rows, dims, new float[Length(rows, dims)]) { }

    /// <summary>
    /// Packs into <paramref name="blocks"/> (at least <see cref="Length"/> values), reused from one range of rows to the
    /// next by callers that pack millions of rows a range at a time; the lanes past the last row are cleared.
    /// </summary>
    public PackedRows(ReadOnlySpan<float> values, int rows, int dims, float[] blocks)
    {
        Rows = rows;
        Dims = dims;
        int w = Width;
        BlockCount = (rows + w - 1) / w;
        if (blocks.Length < Length(rows, dims))
            throw new ArgumentException($"{blocks.Length} values cannot hold {rows} packed rows of {dims}.", nameof(blocks));
        _blocks = blocks;
        if (rows % w != 0) _blocks.AsSpan((BlockCount - 1) * dims * w, dims * w).Clear();
        for (int i = 0; i < rows; i++)
        {
            int block = i / w, lane = i % w, src = i * dims, dst = block * dims * w + lane;
            for (int d = 0; d < dims; d++)
                _blocks[dst + d * w] = values[src + d];
        }
    }

    /// <summary>Values the packed form of <paramref name="rows"/> rows takes: whole blocks.</summary>
    public static long Length(int rows, int dims) => (long)(rows + Width - 1) / Width * dims * Width;

    public int Rows { get; }
    public int Dims { get; }
    public int BlockCount { get; }

    /// <summary>Number of real rows in <paramref name="block"/> (the last block may be partial).</summary>
    public int LanesIn(int block) => Math.Min(Width, Rows - block * Width);

    /// <summary>Squared distances from <paramref name="point"/> to the rows of one block.</summary>
    public Vector<float> Distances(int block, ReadOnlySpan<float> point)
    {
        int w = Width, offset = block * Dims * w;
        ref float start = ref _blocks[offset];
        var acc = Vector<float>.Zero;
        for (int d = 0; d < point.Length; d++)
        {
            Vector<float> diff = Vector.LoadUnsafe(ref start, (nuint)(d * w)) - new Vector<float>(point[d]);
            acc = Vector.FusedMultiplyAdd(diff, diff, acc);
        }
        return acc;
    }

    /// <summary>Squared distances from <paramref name="point"/> to every row, written to <paramref name="output"/>.</summary>
    public void DistancesToAll(ReadOnlySpan<float> point, Span<float> output)
    {
        int w = Width;
        for (int b = 0; b < BlockCount; b++)
        {
            Vector<float> acc = Distances(b, point);
            int lanes = LanesIn(b);
            if (lanes == w)
                acc.CopyTo(output.Slice(b * w, w));
            else
                for (int l = 0; l < lanes; l++)
                    output[b * w + l] = acc[l];
        }
    }

    /// <summary>Centroids with every coordinate repeated across a vector, the operand form <see cref="Nearest"/> takes.</summary>
    public static Vector<float>[] Broadcast(ReadOnlySpan<float> centroids)
    {
        var result = new Vector<float>[centroids.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = new Vector<float>(centroids[i]);
        return result;
    }

    /// <summary>
    /// Nearest of the centroids (pre-broadcast by <see cref="Broadcast"/>, k x dims) for each row of one block,
    /// with its squared distance; ties go to the lowest centroid index (strict '&lt;'), so results are reproducible.
    /// </summary>
    /// <remarks>
    /// Four centroids are measured at once: each distance is a chain of dependent fused multiply-adds, and four
    /// independent chains keep the vector units busy while each waits; the block's coordinates are loaded once
    /// for all four. Pre-broadcast centroids turn each subtraction into one instruction with a memory operand.
    /// </remarks>
    public void Nearest(int block, ReadOnlySpan<Vector<float>> centroids, int k, out Vector<int> labels, out Vector<float> distances)
    {
        int dims = Dims, w = Width;
        ref float start = ref _blocks[block * dims * w];
        var best = new Vector<float>(float.PositiveInfinity);
        var bestIndex = Vector<int>.Zero;
        int c = 0;
        for (; c + 3 < k; c += 4)
        {
            ReadOnlySpan<Vector<float>> c0 = centroids.Slice(c * dims, dims), c1 = centroids.Slice((c + 1) * dims, dims),
                c2 = centroids.Slice((c + 2) * dims, dims), c3 = centroids.Slice((c + 3) * dims, dims);
            Vector<float> acc0 = Vector<float>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int d = 0; d < dims; d++)
            {
                Vector<float> x = Vector.LoadUnsafe(ref start, (nuint)(d * w));
                Vector<float> diff0 = x - c0[d], diff1 = x - c1[d], diff2 = x - c2[d], diff3 = x - c3[d];
                acc0 = Vector.FusedMultiplyAdd(diff0, diff0, acc0);
                acc1 = Vector.FusedMultiplyAdd(diff1, diff1, acc1);
                acc2 = Vector.FusedMultiplyAdd(diff2, diff2, acc2);
                acc3 = Vector.FusedMultiplyAdd(diff3, diff3, acc3);
            }
            Keep(acc0, c, ref best, ref bestIndex);
            Keep(acc1, c + 1, ref best, ref bestIndex);
            Keep(acc2, c + 2, ref best, ref bestIndex);
            Keep(acc3, c + 3, ref best, ref bestIndex);
        }
        for (; c < k; c++)
        {
            ReadOnlySpan<Vector<float>> centre = centroids.Slice(c * dims, dims);
            var acc = Vector<float>.Zero;
            for (int d = 0; d < dims; d++)
            {
                Vector<float> diff = Vector.LoadUnsafe(ref start, (nuint)(d * w)) - centre[d];
                acc = Vector.FusedMultiplyAdd(diff, diff, acc);
            }
            Keep(acc, c, ref best, ref bestIndex);
        }
        labels = bestIndex;
        distances = best;
    }

    private static void Keep(Vector<float> distance, int index, ref Vector<float> best, ref Vector<int> bestIndex)
    {
        Vector<int> closer = Vector.LessThan(distance, best);
        best = Vector.ConditionalSelect(closer, distance, best);
        bestIndex = Vector.ConditionalSelect(closer, new Vector<int>(index), bestIndex);
    }

    /// <summary>
    /// For blocks [<paramref name="start"/>, <paramref name="end"/>): output = min(current, squared distance to
    /// <paramref name="point"/>) lane by lane (padding lanes 0), returning the sum of the new values in double.
    /// Arrays must hold <c>BlockCount * Width</c> entries; <paramref name="current"/> null means no minimum.
    /// </summary>
    public double MinDistances(int start, int end, ReadOnlySpan<float> point, float[]? current, float[] output)
    {
        int w = Width, dims = Dims;
        var total = Vector<double>.Zero;
        for (int b = start; b < end; b++)
        {
            ref float block = ref _blocks[b * dims * w];
            var acc = Vector<float>.Zero;
            for (int d = 0; d < dims; d++)
            {
                Vector<float> diff = Vector.LoadUnsafe(ref block, (nuint)(d * w)) - new Vector<float>(point[d]);
                acc = Vector.FusedMultiplyAdd(diff, diff, acc);
            }
            if (current is not null)
                acc = Vector.Min(acc, Vector.LoadUnsafe(ref current[0], (nuint)(b * w)));
            int lanes = LanesIn(b);
            if (lanes < w)
                acc = Vector.ConditionalSelect(Vector.LessThan(LaneIndices, new Vector<int>(lanes)), acc, Vector<float>.Zero);
            acc.StoreUnsafe(ref output[0], (nuint)(b * w));
            Vector.Widen(acc, out Vector<double> low, out Vector<double> high);
            total += low + high;
        }
        return Vector.Sum(total);
    }

    private static readonly Vector<int> LaneIndices = CreateLaneIndices();

    private static Vector<int> CreateLaneIndices()
    {
        Span<int> lanes = stackalloc int[Vector<int>.Count];
        for (int i = 0; i < lanes.Length; i++)
            lanes[i] = i;
        return new Vector<int>(lanes);
    }

    /// <summary>The blocked kernel's squared distance for one pair, computed in the same order (bit-identical).</summary>
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float acc = 0f;
        for (int d = 0; d < a.Length; d++)
        {
            float diff = a[d] - b[d];
            acc = MathF.FusedMultiplyAdd(diff, diff, acc);
        }
        return acc;
    }
}
