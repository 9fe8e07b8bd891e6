using WebClustering.Core.Models;
using WebClustering.Core.Rows;
using static TorchSharp.torch;

namespace WebClustering.Core.Inference;

/// <summary>
/// The one loop that runs a model over many rows: evaluation mode, no gradients, a bounded batch at a time, each
/// batch in its own dispose scope so memory stays flat however many rows there are.
/// </summary>
internal static class Batches
{
    public const int DefaultSize = 4096;

    /// <summary>Calls <paramref name="run"/> with each batch of rows (a [count, Cols] tensor) and the index of its first row.</summary>
    public static void ForEach(Autoencoder model, Matrix rows, int batchSize, Action<Tensor, int> run) =>
        ForEach(model, new MatrixRows(rows), batchSize, run);

    /// <summary>The same over rows in memory or streamed: a batch is read only when it is run.</summary>
    public static void ForEach(Autoencoder model, RowSource rows, int batchSize, Action<Tensor, int> run)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        model.eval();
        using var _ = no_grad();
        rows.ForEachRange(batchSize, (values, start, count) =>
        {
            using var scope = NewDisposeScope();
            var batch = tensor(values.ToArray(), [count, rows.Cols]);
            run(batch, start);
        });
    }

    /// <summary>One output row of <paramref name="width"/> values for each row: <paramref name="map"/> applied batch by batch.</summary>
    public static Matrix Map(Autoencoder model, Matrix rows, int width, int batchSize, Func<Tensor, Tensor> map)
    {
        var result = Matrix.Zeros(rows.Rows, width);
        ForEach(model, rows, batchSize, (batch, start) =>
            map(batch).contiguous().data<float>().ToArray().CopyTo(result.Values, (long)start * width));
        return result;
    }
}
