using WebClustering.Core.Clustering;
using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.Training;

/// <summary>A checkpoint's weights alone, as the latent map of a running job reads them.</summary>
public class CheckpointWeightsTests
{
    private static readonly DenseSpec Dense = new() { InputDim = 12, HiddenLayers = [16], LatentDim = 3 };
    private static readonly Matrix Data = TestData.Blobs(40, 3, 12).Data;

    [Fact]
    public void The_weights_of_the_last_checkpoint_encode_rows_as_the_trained_model_does()
    {
        var saved = new List<TrainingCheckpoint>();
        var trained = AutoencoderTrainer.Train(Data, Dense, new TrainingOptions(Epochs: 4, BatchSize: 16, Seed: 2),
            checkpoints: new TrainingCheckpoints { EveryEpochs = 2, Save = saved.Add });

        using var loaded = CheckpointWeights.Load(Dense, saved[^1].State, out int epochs);

        Assert.Equal(4, epochs);
        Assert.Equal(ModelInference.Latent(trained.Model, Data).Values, ModelInference.Latent(loaded, Data).Values);
    }

    [Fact]
    public void Weights_are_found_behind_early_stoppings_best_weights_and_differ_from_a_fresh_model()
    {
        var options = new TrainingOptions(Epochs: 6, BatchSize: 16, Seed: 2) { ValidationFraction = 0.2, EarlyStopping = new EarlyStopping(Patience: 100) };
        var saved = new List<TrainingCheckpoint>();
        AutoencoderTrainer.Train(Data, Dense, options, checkpoints: new TrainingCheckpoints { EveryEpochs = 2, Save = saved.Add });

        using var loaded = CheckpointWeights.Load(Dense, saved[0].State, out int epochs);
        using var fresh = AutoencoderFactory.Create(Dense, seed: 0);

        Assert.Equal(2, epochs);
        Assert.NotEqual(ModelInference.Latent(fresh, Data).Values, ModelInference.Latent(loaded, Data).Values);
    }

    [Fact]
    public void A_checkpoint_of_another_model_is_refused()
    {
        var saved = new List<TrainingCheckpoint>();
        AutoencoderTrainer.Train(Data, Dense, new TrainingOptions(Epochs: 1, BatchSize: 16), checkpoints: new TrainingCheckpoints { EveryEpochs = 1, Save = saved.Add });

        Assert.Throws<IncompatibleCheckpointException>(() => CheckpointWeights.Load(Dense with { HiddenLayers = [8] }, saved[0].State, out _));
    }

    [Fact]
    public void The_pipeline_hands_each_checkpoint_the_scaler_its_rows_went_through()
    {
        var saved = new List<TrainingCheckpoint>();
        var result = JobPipeline.Run(Data, null,
            new PipelineOptions(Dense, new TrainingOptions(Epochs: 2, BatchSize: 16), ScalingKind.Standardize,
                new ClusteringSpec { Algorithm = ClusteringAlgorithm.KMeans, K = 3 }),
            checkpoints: new TrainingCheckpoints { EveryEpochs = 1, Save = saved.Add });

        Assert.NotEmpty(saved);
        Assert.All(saved, c => Assert.Equal(result.Model.Scaler.Offset, c.Scaler!.Offset));
        Assert.All(saved, c => Assert.Equal(ScalingKind.Standardize, c.Scaler!.Kind));
    }
}
