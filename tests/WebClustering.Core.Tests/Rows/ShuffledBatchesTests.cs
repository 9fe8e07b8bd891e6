using WebClustering.Core.Rows;

namespace WebClustering.Core.Tests.Rows;

public class ShuffledBatchesTests
{
    // Each row's first value is its index, so a batch says which rows it drew.
    private static Matrix Indexed(int rows, int cols = 2)
    {
        var values = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) values[r * cols + c] = r + c / 10f;
        return new Matrix(values, rows, cols);
    }

    private static List<int[]> Epoch(RowSource rows, int[] heldOut, int batchSize, int seed)
    {
        var batches = new ShuffledBatches(rows, heldOut, batchSize, seed);
        var buffer = new float[batchSize * rows.Cols];
        var drawn = new List<int[]>();
        for (int b = 0; b < batches.Count; b++)
        {
            int count = batches.Next(buffer);
            drawn.Add([.. Enumerable.Range(0, count).Select(i => (int)buffer[i * rows.Cols])]);
        }
        Assert.Equal(0, batches.Next(buffer));
        return drawn;
    }

    [Fact]
    public void Rows_in_memory_and_the_same_rows_streamed_give_the_same_batches_for_a_seed()
    {
        // Larger than the shuffle buffer, so chunks come and go; some rows held out.
        var data = Indexed(ShuffledBatches.BufferRows * 2 + 5_000);
        int[] heldOut = [3, 10_000, 8_191, 8_192, 200_000];
        var streamed = new StreamedMatrix(data);

        var fromMemory = Epoch(new MatrixRows(data), heldOut, 256, seed: 11);
        var fromStream = Epoch(streamed, heldOut, 256, seed: 11);

        Assert.Equal(fromMemory, fromStream);
        Assert.NotEqual(fromMemory, Epoch(new MatrixRows(data), heldOut, 256, seed: 12));
        // Every chunk was read once, a chunk at a time: the epoch never held the whole set.
        Assert.Equal(data.Rows, streamed.RowsRead);
        Assert.Equal(ShuffledBatches.ChunkRows, streamed.LargestRead);
    }

    [Fact]
    public void An_epoch_draws_every_training_row_exactly_once_and_never_a_held_out_one()
    {
        var data = Indexed(ShuffledBatches.BufferRows + 20_000);
        int[] heldOut = [0, 5, 77_777, data.Rows - 1];

        var drawn = Epoch(new StreamedMatrix(data), heldOut, 1_000, seed: 3).SelectMany(b => b).ToArray();

        Assert.Equal(data.Rows - heldOut.Length, drawn.Length);
        Assert.Equal(Enumerable.Range(0, data.Rows).Except(heldOut), drawn.Order());
    }

    [Fact]
    public void A_set_that_fits_the_buffer_is_shuffled_across_all_its_rows()
    {
        // Sorted rows (a CSV sorted by class, say): the first batch must come from the whole set, not its first rows.
        var first = Epoch(new MatrixRows(Indexed(10_000)), [], 100, seed: 1)[0];

        Assert.Contains(first, row => row < 2_500);
        Assert.Contains(first, row => row >= 7_500);
    }

    [Fact]
    public void Skipping_batches_lands_where_drawing_them_would()
    {
        var data = Indexed(50_000);
        var all = Epoch(new StreamedMatrix(data), [], 512, seed: 9);
        var batches = new ShuffledBatches(new StreamedMatrix(data), [], 512, 9);
        var buffer = new float[512 * data.Cols];

        batches.Skip(40);
        int count = batches.Next(buffer);

        Assert.Equal(all[40], Enumerable.Range(0, count).Select(i => (int)buffer[i * data.Cols]));
    }
}
