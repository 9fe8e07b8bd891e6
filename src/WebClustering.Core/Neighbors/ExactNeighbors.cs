using System.Numerics;

namespace WebClustering.Core.Neighbors;

/// <summary>Each row's nearest other rows, nearest first: K x rows indices and Euclidean distances.</summary>
public sealed record NeighborGraph(int K, int[] Indices, float[] Distances);

/// <summary>
/// Exact nearest neighbours and radius queries by brute force over <see cref="PackedRows"/>: O(n^2 d) time, O(n k)
/// memory. With the blocked SIMD kernel this is seconds for 70,000 x 10 on two cores, and exact, which keeps density
/// clustering reproducible; UMAP switches to <see cref="ApproximateNeighbors"/> (an HNSW index) above <see cref="Manifold.UmapOptions.ExactNeighborRows"/> rows.
/// </summary>
/// <remarks>Rows are independent, so rows run in parallel without changing any result.</remarks>
public static class ExactNeighbors
{
    /// <summary>
    /// The <paramref name="k"/> nearest rows to each row, excluding the row itself (duplicates of it are included),
    /// ordered by distance then row index.
    /// </summary>
    public static NeighborGraph Query(Matrix data, int k, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Rows;
        if (k < 1 || k > n - 1)
            throw new ArgumentException($"k must be between 1 and rows - 1 ({n - 1}); got {k}.", nameof(k));
        var packed = new PackedRows(data);
        var indices = new int[(long)n * k];
        var distances = new float[(long)n * k];
        RowChunks.For(n, 16, (long)n * n * data.Cols >= 1 << 22, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                ct.ThrowIfCancellationRequested();
                Nearest(packed, data.Row(i), i, indices.AsSpan(i * k, k), distances.AsSpan(i * k, k));
            }
        });
        for (int i = 0; i < distances.Length; i++)
            distances[i] = MathF.Sqrt(distances[i]);
        return new NeighborGraph(k, indices, distances);
    }

    /// <summary>Fills the k nearest (squared distance) to <paramref name="point"/>, skipping row <paramref name="self"/>.</summary>
    internal static void Nearest(PackedRows packed, ReadOnlySpan<float> point, int self, Span<int> indices, Span<float> distances)
    {
        int k = indices.Length, count = 0, w = PackedRows.Width;
        float worst = float.PositiveInfinity;
        for (int b = 0; b < packed.BlockCount; b++)
        {
            Vector<float> block = packed.Distances(b, point);
            // Once k candidates are held, most blocks have no lane below the worst of them: one compare skips all.
            if (count == k && !Vector.LessThanAny(block, new Vector<float>(worst)))
                continue;
            int lanes = packed.LanesIn(b);
            for (int l = 0; l < lanes; l++)
            {
                int j = b * w + l;
                float d = block[l];
                if (j == self || (count == k && d >= worst))
                    continue;
                // Insertion keeps the list sorted; strict '>' puts equal distances in row order.
                int pos = count < k ? count++ : k - 1;
                while (pos > 0 && distances[pos - 1] > d)
                {
                    distances[pos] = distances[pos - 1];
                    indices[pos] = indices[pos - 1];
                    pos--;
                }
                distances[pos] = d;
                indices[pos] = j;
                if (count == k)
                    worst = distances[k - 1];
            }
        }
    }

    /// <summary>Rows within squared distance <paramref name="radiusSquared"/> of <paramref name="point"/> (itself included), in row order.</summary>
    internal static void Within(PackedRows packed, ReadOnlySpan<float> point, float radiusSquared, List<int> output)
    {
        output.Clear();
        int w = PackedRows.Width;
        var radius = new Vector<float>(radiusSquared);
        for (int b = 0; b < packed.BlockCount; b++)
        {
            Vector<float> block = packed.Distances(b, point);
            if (!Vector.LessThanOrEqualAny(block, radius))
                continue;
            int lanes = packed.LanesIn(b);
            for (int l = 0; l < lanes; l++)
                if (block[l] <= radiusSquared)
                    output.Add(b * w + l);
        }
    }

    /// <summary>How many rows lie within squared distance <paramref name="radiusSquared"/> (itself included).</summary>
    internal static int CountWithin(PackedRows packed, ReadOnlySpan<float> point, float radiusSquared)
    {
        var radius = new Vector<float>(radiusSquared);
        var count = Vector<int>.Zero;
        int full = packed.Rows / PackedRows.Width;
        for (int b = 0; b < full; b++)
            count -= Vector.LessThanOrEqual(packed.Distances(b, point), radius); // true lanes are -1
        int total = Vector.Sum(count);
        for (int b = full; b < packed.BlockCount; b++)
        {
            Vector<float> block = packed.Distances(b, point);
            for (int l = 0; l < packed.LanesIn(b); l++)
                if (block[l] <= radiusSquared)
                    total++;
        }
        return total;
    }
}
