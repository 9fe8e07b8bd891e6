using TorchSharp;
using TorchSharp.Modules;
using WebClustering.Core.Models;
using static TorchSharp.torch;

namespace WebClustering.Core.Training;

/// <summary>Where a run stands: epochs completed, batches of the next epoch done and their summed loss.</summary>
/// <param name="Finished">Training is over; <paramref name="BestEpoch"/> is the epoch whose weights were kept.</param>
internal sealed record RunPosition(int EpochsDone, int BatchesDone, double PartialLossSum, bool Finished = false, int BestEpoch = 0);

/// <summary>
/// The bytes of a <see cref="TrainingCheckpoint"/>: position, loss history, early stopping's state, weights (every
/// tensor of the state dict by name), optimiser state and the generators' states, in TorchSharp's tensor format.
/// The batch order needs no state: each epoch shuffles with a seed derived from the run's seed and the epoch.
/// </summary>
internal static class CheckpointFormat
{
    private const string Magic = "WebClustering.TrainingCheckpoint";
    private const int Version = 1;

    public static byte[] Write(RunPosition position, IReadOnlyList<EpochRecord> history, EarlyStopper? stopper,
        Autoencoder model, optim.Optimizer optimizer, Generator noise)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(position.EpochsDone);
            writer.Write(position.BatchesDone);
            writer.Write(position.PartialLossSum);
            writer.Write(position.Finished);
            writer.Write(position.BestEpoch);
            writer.Write(history.Count);
            foreach (var epoch in history)
            {
                writer.Write(epoch.Epoch);
                writer.Write(epoch.TrainingLoss);
                writer.Write(epoch.ValidationLoss ?? double.NaN);
                writer.Write(epoch.LearningRate);
            }
            writer.Write(stopper is not null);
            if (stopper is not null)
            {
                writer.Write(stopper.BestLoss);
                writer.Write(stopper.BestEpoch);
                writer.Write(stopper.BestWeights is not null);
                if (stopper.BestWeights is { } best) WriteTensors(writer, best);
            }
            WriteTensors(writer, model.state_dict());
            ((OptimizerHelper)optimizer).save_state_dict(writer);
            WriteGenerator(writer, noise);
            writer.Write(model.TrainingNoise is not null);
            if (model.TrainingNoise is { } sampling) WriteGenerator(writer, sampling);
        }
        return buffer.ToArray();
    }

    /// <summary>Puts the checkpoint's state into a freshly built run; returns its position.</summary>
    /// <exception cref="IncompatibleCheckpointException">The bytes are not a checkpoint of this model and optimiser.</exception>
    public static RunPosition Read(byte[] state, List<EpochRecord> history, EarlyStopper? stopper,
        Autoencoder model, optim.Optimizer optimizer, Generator noise)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state, writable: false));
            var position = ReadPosition(reader);
            int epochs = reader.ReadInt32();
            for (int i = 0; i < epochs; i++)
            {
                int epoch = reader.ReadInt32();
                double loss = reader.ReadDouble(), validation = reader.ReadDouble(), rate = reader.ReadDouble();
                history.Add(new EpochRecord(epoch, loss, double.IsNaN(validation) ? null : validation, rate));
            }
            if (reader.ReadBoolean() != stopper is not null)
                throw new IncompatibleCheckpointException("The checkpoint and the run disagree on early stopping.");
            if (stopper is not null)
            {
                double bestLoss = reader.ReadDouble();
                int bestEpoch = reader.ReadInt32();
                Dictionary<string, Tensor>? best = null;
                if (reader.ReadBoolean())
                {
                    best = model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());
                    ReadTensors(reader, best);
                }
                stopper.Restore(bestLoss, bestEpoch, best);
            }
            ReadTensors(reader, model.state_dict());
            ((OptimizerHelper)optimizer).load_state_dict(reader);
            ReadGenerator(reader, noise);
            if (reader.ReadBoolean() != model.TrainingNoise is not null)
                throw new IncompatibleCheckpointException("The checkpoint and the model disagree on sampling noise.");
            if (model.TrainingNoise is { } sampling) ReadGenerator(reader, sampling);
            return position;
        }
        catch (Exception exception) when (exception is not IncompatibleCheckpointException)
        {
            throw new IncompatibleCheckpointException($"The checkpoint does not fit this run: {exception.Message}", exception);
        }
    }

    /// <summary>Loads only the checkpoint's model weights into <paramref name="model"/>; returns the epochs completed.</summary>
    public static int ReadWeights(byte[] state, Autoencoder model)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state, writable: false));
            int epochsDone = ReadPosition(reader).EpochsDone;
            int epochs = reader.ReadInt32();
            reader.BaseStream.Seek(epochs * (sizeof(int) + 3 * sizeof(double)), SeekOrigin.Current);
            if (reader.ReadBoolean())
            {
                reader.ReadDouble();
                reader.ReadInt32();
                if (reader.ReadBoolean())
                {
                    // Early stopping's best weights come first; read past them into scratch copies.
                    var scratch = model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());
                    ReadTensors(reader, scratch);
                    foreach (var tensor in scratch.Values) tensor.Dispose();
                }
            }
            ReadTensors(reader, model.state_dict());
            return epochsDone;
        }
        catch (Exception exception) when (exception is not IncompatibleCheckpointException)
        {
            throw new IncompatibleCheckpointException($"The checkpoint does not fit this model: {exception.Message}", exception);
        }
    }

    private static RunPosition ReadPosition(BinaryReader reader)
    {
        if (reader.ReadString() != Magic) throw new IncompatibleCheckpointException("Not a training checkpoint.");
        if (reader.ReadInt32() is var version && version != Version)
            throw new IncompatibleCheckpointException($"Checkpoint format {version} is not {Version}.");
        return new RunPosition(reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble(), reader.ReadBoolean(), reader.ReadInt32());
    }

    private static void WriteTensors(BinaryWriter writer, IReadOnlyDictionary<string, Tensor> tensors)
    {
        writer.Write(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            writer.Write(name);
            tensor.Save(writer);
        }
    }

    private static void ReadTensors(BinaryReader reader, IReadOnlyDictionary<string, Tensor> into)
    {
        int count = reader.ReadInt32();
        if (count != into.Count) throw new IncompatibleCheckpointException($"The checkpoint has {count} tensors where the model has {into.Count}.");
        using var _ = no_grad();
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            if (!into.TryGetValue(name, out var tensor)) throw new IncompatibleCheckpointException($"The model has no tensor '{name}'.");
            tensor.Load(reader);
        }
    }

    private static void WriteGenerator(BinaryWriter writer, Generator generator)
    {
        using var state = generator.get_state();
        state.Save(writer);
    }

    private static void ReadGenerator(BinaryReader reader, Generator generator)
    {
        using var state = generator.get_state();
        state.Load(reader);
        generator.set_state(state);
    }
}
