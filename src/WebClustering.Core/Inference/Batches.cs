using WebClustering.Core.Models;
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
    public static void ForEach(Autoencoder model, Matrix rows, int batchSize, Action<Tensor, int> run)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        model.eval();
        using var _ = no_grad();
        for (int start = 0; start < rows.Rows; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, rows.Rows - start);
            var batch = tensor(rows.Values.AsSpan(start * rows.Cols, count * rows.Cols).ToArray(), [count, rows.Cols]);
            run(batch, start);
        }
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
