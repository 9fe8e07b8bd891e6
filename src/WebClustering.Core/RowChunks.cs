namespace WebClustering.Core;

/// <summary>Splits row loops into fixed-size chunks that may run in parallel.</summary>
/// <remarks>
/// Chunks are fixed by row index, not by thread, and bodies only write per-row outputs; callers reduce those
/// outputs serially afterwards. That is what keeps every result bit-identical whether or not threads are used.
/// </remarks>
internal static class RowChunks
{
    public static void For(int rows, int chunkSize, bool parallel, Action<int, int> body)
    {
        if (!parallel || rows <= chunkSize)
        {
            body(0, rows);
            return;
        }
        int chunks = (int)(((long)rows + chunkSize - 1) / chunkSize);
        Parallel.For(0, chunks, c =>
        {
            int start = c * chunkSize;
            body(start, (int)Math.Min(rows, (long)start + chunkSize));
        });
    }
}
