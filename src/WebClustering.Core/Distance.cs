using System.Numerics;
using System.Runtime.InteropServices;

namespace WebClustering.Core;

/// <summary>Distance kernels shared by clustering and metrics.</summary>
internal static class Distance
{
    /// <summary>
    /// Squared Euclidean distance using hand-written <see cref="Vector{T}"/> SIMD
    /// (System.Numerics.Tensors is not available to this project).
    /// </summary>
    /// <remarks>
    /// Accumulates in float: a single pair has at most a few thousand terms, so the relative error stays
    /// around 1e-6, far below anything a clustering decision can detect. Callers sum across rows in double.
    /// The result depends only on the inputs and the machine's vector width, never on threading.
    /// </remarks>
    public static float SquaredEuclidean(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0f;
        int i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            int v = 0;
            // Two independent accumulators hide the latency of the add chain.
            for (; v + 1 < va.Length; v += 2)
            {
                Vector<float> d0 = va[v] - vb[v];
                Vector<float> d1 = va[v + 1] - vb[v + 1];
                acc0 += d0 * d0;
                acc1 += d1 * d1;
            }
            if (v < va.Length)
            {
                Vector<float> d = va[v] - vb[v];
                acc0 += d * d;
            }
            sum = Vector.Sum(acc0 + acc1);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++)
        {
            float d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>Index of the nearest of <paramref name="k"/> row-major centroids and its squared distance.</summary>
    public static int Nearest(ReadOnlySpan<float> x, ReadOnlySpan<float> centroids, int k, out float distance)
    {
        int dims = x.Length;
        int best = 0;
        float bestDistance = float.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            float d = SquaredEuclidean(x, centroids.Slice(c * dims, dims));
            // Strict '<': ties go to the lowest index, so assignment is reproducible.
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        distance = bestDistance;
        return best;
    }
}
