namespace WebClustering.Core.Rows;

/// <summary>Samples without randomness: row i·n/most, so a sample of the same set never moves.</summary>
public static class EvenlySpaced
{
    /// <summary>Every row of <paramref name="rows"/>, or <paramref name="most"/> evenly spaced ones, ascending.</summary>
    public static int[] Rows(int rows, int most) => rows <= most
        ? [.. Enumerable.Range(0, rows)]
        : [.. Enumerable.Range(0, most).Select(i => (int)((long)i * rows / most))];
}
