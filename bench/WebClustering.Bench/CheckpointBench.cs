using System.Diagnostics;
using Npgsql;
using WebClustering.Core;
using WebClustering.Core.Models;
using WebClustering.Core.Training;
using static TorchSharp.torch;

/// <summary>
/// What a training checkpoint costs for DEC's dense 784-500-500-2000-10 autoencoder with Adam (the largest model
/// the benchmarks train): its size, the time to take it at the end of an epoch, the time to resume from it, and
/// one epoch of training for scale. Random rows stand in for images; only the shapes matter here.
///   dotnet run -c Release --project bench/WebClustering.Bench -- checkpoint [rows] [repeats] [connection string]
/// With a connection string it also times writing the checkpoint to PostgreSQL: the service's upsert of one bytea
/// row, into a table stored like job_checkpoints (logged, out of line, uncompressed), dropped at the end.
/// </summary>
internal static class CheckpointBench
{
    public static void Run(string[] args)
    {
        int rows = args.Length > 0 ? int.Parse(args[0]) : 4096, repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
        using var database = args.Length > 2 ? NpgsqlDataSource.Create(args[2]) : null;
        set_num_threads(Environment.ProcessorCount);
        var random = new Random(1);
        var data = new Matrix(Enumerable.Range(0, rows * 784).Select(_ => (float)random.NextDouble()).ToArray(), rows, 784);
        var spec = new DenseSpec { InputDim = 784, HiddenLayers = [500, 500, 2000], LatentDim = 10 };
        Console.WriteLine($"784-500-500-2000-10, Adam, {rows} rows, batch 256, {Environment.ProcessorCount} threads");

        for (int r = 0; r <= repeats; r++)
        {
            var options = new TrainingOptions(Epochs: 2, BatchSize: 256, Seed: r);
            long epochEnd = 0, firstBatch = 0, start = Stopwatch.GetTimestamp();
            var taken = new List<(TrainingCheckpoint Checkpoint, double Seconds)>();
            var checkpoints = new TrainingCheckpoints
            {
                EveryEpochs = 1,
                Save = c => taken.Add((c, Stopwatch.GetElapsedTime(epochEnd).TotalSeconds)),
            };
            double epochSeconds = 0;
            using (var first = AutoencoderTrainer.Train(data, spec, options, p =>
                   {
                       if (p.EpochLoss is null) return;
                       epochEnd = Stopwatch.GetTimestamp();
                       if (p.Epoch == 1) epochSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                   }, checkpoints: checkpoints).Model) { }

            // Resuming: building the run from the checkpoint until its first batch is trained.
            start = Stopwatch.GetTimestamp();
            using (var resumed = AutoencoderTrainer.Train(data, spec, options, p => { if (firstBatch == 0) firstBatch = Stopwatch.GetTimestamp(); },
                       checkpoints: new TrainingCheckpoints { EveryEpochs = 0, Save = _ => { }, ResumeFrom = taken[0].Checkpoint }).Model) { }
            double resume = Stopwatch.GetElapsedTime(start, firstBatch).TotalSeconds;

            var (checkpoint, seconds) = taken[0];
            string write = database is null ? "" : $", written to PostgreSQL in {Write(database, checkpoint) * 1000:F0} ms";
            Console.WriteLine($"{(r == 0 ? "warm-up" : $"run {r}")}: checkpoint {checkpoint.State.Length / 1e6:F1} MB, " +
                $"taken in {seconds * 1000:F0} ms{write}, resumed to the first batch in {resume * 1000:F0} ms; one epoch {epochSeconds:F2} s");
        }
        if (database is not null)
            using (var drop = database.CreateCommand("DROP TABLE IF EXISTS wc_bench_checkpoints")) drop.ExecuteNonQuery();
    }

    private static double Write(NpgsqlDataSource database, TrainingCheckpoint checkpoint)
    {
        using var connection = database.OpenConnection();
        using (var create = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS wc_bench_checkpoints (job_id integer PRIMARY KEY, epoch integer NOT NULL, state bytea NOT NULL);
            ALTER TABLE wc_bench_checkpoints ALTER COLUMN state SET STORAGE EXTERNAL;
            """, connection)) create.ExecuteNonQuery();
        var start = Stopwatch.GetTimestamp();
        using var upsert = new NpgsqlCommand("""
            INSERT INTO wc_bench_checkpoints (job_id, epoch, state) VALUES (1, @epoch, @state)
            ON CONFLICT (job_id) DO UPDATE SET epoch = EXCLUDED.epoch, state = EXCLUDED.state
            """, connection);
        upsert.Parameters.AddWithValue("epoch", checkpoint.Epoch);
        upsert.Parameters.AddWithValue("state", checkpoint.State);
        upsert.ExecuteNonQuery();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
