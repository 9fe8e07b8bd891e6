namespace WebClustering.Core.Rows;

/// <summary>
/// One epoch's training batches: the rows' chunks in an order drawn from the epoch's seed, poured into a shuffle
/// buffer from which each batch row is drawn at random. The draws depend only on the seed, the row count and the
/// held-out rows, never on where the rows live, so a set in memory and the same set streamed from the database give
/// the same batches. A set of up to <see cref="BufferRows"/> training rows fits the buffer whole and is shuffled
/// uniformly; a larger one is read a chunk at a time, in memory bounded by the buffer.
/// </summary>
public sealed class ShuffledBatches
{
    /// <summary>Rows read at a time: one range read from the database.</summary>
    public const int ChunkRows = 8_192;

    /// <summary>Rows the shuffle buffer holds.</summary>
    public const int BufferRows = 16 * ChunkRows;

    private readonly RowSource rows;
    private readonly int[] heldOut;
    private readonly int batchSize;
    private readonly Random random;
    private readonly int[] chunkOrder;
    private readonly int[] slots = new int[BufferRows];
    // A streamed source's rows travel with their slots; rows in memory are read where they are when drawn.
    private readonly float[]? values;
    private readonly float[]? chunk;
    private int nextChunk;
    private int held;

    /// <param name="heldOut">Rows that never train (the validation rows), ascending.</param>
    /// <param name="epochSeed">The epoch's seed: the chunk order and every draw come from it.</param>
    public ShuffledBatches(RowSource rows, int[] heldOut, int batchSize, int epochSeed)
    {
        this.rows = rows;
        this.heldOut = heldOut;
        this.batchSize = batchSize;
        random = new Random(epochSeed);
        int chunks = (int)(((long)rows.Rows + ChunkRows - 1) / ChunkRows);
        chunkOrder = [.. Enumerable.Range(0, chunks)];
        random.Shuffle(chunkOrder);
        if (rows.InMemory is null)
        {
            values = new float[(long)BufferRows * rows.Cols];
            chunk = new float[(long)ChunkRows * rows.Cols];
        }
        Count = (int)(((long)rows.Rows - heldOut.Length + batchSize - 1) / batchSize);
    }

    /// <summary>Batches in the epoch.</summary>
    public int Count { get; }

    /// <summary>Copies the next batch's rows into <paramref name="batch"/> (row-major); returns how many (0 at the end).</summary>
    public int Next(Span<float> batch)
    {
        int cols = rows.Cols, count = 0;
        var memory = rows.InMemory;
        for (; count < batchSize; count++)
        {
            Refill();
            if (held == 0) break;
            int pick = random.Next(held);
            var target = batch.Slice(count * cols, cols);
            if (memory is not null) memory.Row(slots[pick]).CopyTo(target);
            else values.AsSpan(pick * cols, cols).CopyTo(target);
            // The last row takes the drawn one's slot.
            held--;
            slots[pick] = slots[held];
            if (values is not null) values.AsSpan(held * cols, cols).CopyTo(values.AsSpan(pick * cols, cols));
        }
        return count;
    }

    /// <summary>Draws <paramref name="batches"/> batches without handing them out: a resumed epoch picks up where it stopped.</summary>
    public void Skip(int batches)
    {
        var scratch = new float[(long)batchSize * rows.Cols];
        for (int b = 0; b < batches; b++) Next(scratch);
    }

    // Whole chunks enter the buffer as soon as it has room for them.
    private void Refill()
    {
        while (nextChunk < chunkOrder.Length)
        {
            int first = chunkOrder[nextChunk] * ChunkRows, count = Math.Min(ChunkRows, rows.Rows - first);
            if (held + count > BufferRows) return;
            nextChunk++;
            if (chunk is not null) rows.Read(first, count, chunk);
            int skip = HeldOutFrom(first);
            for (int r = 0; r < count; r++)
            {
                if (skip < heldOut.Length && heldOut[skip] == first + r)
                {
                    skip++;
                    continue;
                }
                slots[held] = first + r;
                if (chunk is not null) chunk.AsSpan(r * rows.Cols, rows.Cols).CopyTo(values.AsSpan(held * rows.Cols, rows.Cols));
                held++;
            }
        }
    }

    private int HeldOutFrom(int row)
    {
        int index = Array.BinarySearch(heldOut, row);
        return index >= 0 ? index : ~index;
    }
}
