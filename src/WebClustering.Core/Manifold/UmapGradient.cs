namespace WebClustering.Core.Manifold;

/// <summary>
/// The two SGD moves of the UMAP layout for the curve 1 / (1 + a d^(2b)), on squared distances: the attractive
/// step along an edge and the repulsive step from a negative sample, each gradient clipped per coordinate. The power
/// d^b, evaluated several times per sample, is the layout's hottest operation: it is computed as exp2(b log2 d) with
/// short polynomials (relative error below 2e-5, far below the SGD's own noise) instead of the library pow.
/// </summary>
internal readonly struct UmapGradient(float a, float b, float gamma, float clip)
{
    /// <summary>Moves <paramref name="head"/> towards <paramref name="tail"/> by the clipped gradient times <paramref name="step"/>.</summary>
    public void Attract(Span<float> head, ReadOnlySpan<float> tail, float step)
    {
        float dist = SquaredDistance(head, tail);
        if (dist <= 0)
            return;
        float power = Pow(dist, b);
        // d^(b-1) = d^b / d.
        float coefficient = -2f * a * b * (power / dist) / (a * power + 1f);
        for (int d = 0; d < head.Length; d++)
            head[d] += Math.Clamp(coefficient * (head[d] - tail[d]), -clip, clip) * step;
    }

    /// <summary>Pushes <paramref name="head"/> away from <paramref name="other"/>; coincident points get the largest push in a fixed direction.</summary>
    public void Repel(Span<float> head, ReadOnlySpan<float> other, float step)
    {
        float dist = SquaredDistance(head, other);
        if (dist <= 0)
        {
            for (int d = 0; d < head.Length; d++)
                head[d] += clip * step;
            return;
        }
        float coefficient = 2f * gamma * b / ((0.001f + dist) * (a * Pow(dist, b) + 1f));
        for (int d = 0; d < head.Length; d++)
            head[d] += Math.Clamp(coefficient * (head[d] - other[d]), -clip, clip) * step;
    }

    private static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float total = 0;
        for (int d = 0; d < x.Length; d++)
        {
            float diff = x[d] - y[d];
            total += diff * diff;
        }
        return total;
    }

    /// <summary>x^y for x &gt; 0 as exp2(y log2 x).</summary>
    internal static float Pow(float x, float y) => Exp2(y * Log2(x));

    /// <summary>log2 of a positive normal float: exponent plus log2 of the mantissa m in [1, 2) by atanh's series.</summary>
    private static float Log2(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        int exponent = ((bits >> 23) & 0xFF) - 127;
        float m = BitConverter.Int32BitsToSingle((bits & 0x007FFFFF) | 0x3F800000);
        // Centre the mantissa on 1 (m in [0.75, 1.5)) so the series argument stays below 1/7.
        if (m > 1.5f)
        {
            m *= 0.5f;
            exponent++;
        }
        float t = (m - 1f) / (m + 1f), t2 = t * t;
        float series = t * (2f + t2 * (2f / 3f + t2 * (2f / 5f + t2 * (2f / 7f))));
        return exponent + series * 1.44269504f; // ln(m) / ln(2)
    }

    /// <summary>2^y: integer part into the exponent bits, fraction by a degree-6 polynomial; 0 below 2^-126.</summary>
    private static float Exp2(float y)
    {
        if (y < -126f)
            return 0f;
        if (y > 127f)
            return float.PositiveInfinity;
        float whole = MathF.Floor(y), f = y - whole;
        // Taylor coefficients of 2^f = e^(f ln 2), f in [0, 1).
        float p = 1f + f * (0.693147181f + f * (0.240226507f + f * (0.0555041087f + f * (0.00961812911f
            + f * (0.00133335581f + f * 0.000154035304f)))));
        return p * BitConverter.Int32BitsToSingle(((int)whole + 127) << 23);
    }
}
