using WebClustering.Core.Models;

namespace WebClustering.Core.Training;

/// <summary>Reads a training checkpoint's model weights alone, for looking at a job while it still trains.</summary>
public static class CheckpointWeights
{
    /// <summary>Builds the model of <paramref name="spec"/> and loads the checkpoint's weights into it; the caller disposes it.</summary>
    /// <exception cref="IncompatibleCheckpointException">The checkpoint is not one of this spec's model.</exception>
    public static Autoencoder Load(AutoencoderSpec spec, byte[] state, out int epochsDone)
    {
        var model = AutoencoderFactory.Create(spec, seed: 0);
        try
        {
            epochsDone = CheckpointFormat.ReadWeights(state, model);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
