using WebClustering.Core.Inference;
using WebClustering.Core.Models;
using WebClustering.Core.Pipeline;
using WebClustering.Core.Preprocessing;
using WebClustering.Core.Rows;
using WebClustering.Core.Training;

namespace WebClustering.Core.Tests.Rows;

/// <summary>A streamed source is the same rows for the engine: the same scaler, the same run, the same resumes.</summary>
public class StreamedTrainingTests
{
    private static readonly DenseSpec Dense = new() { InputDim = 12, HiddenLayers = [16], LatentDim = 3 };

    private static readonly TrainingOptions Options = new(Epochs: 4, BatchSize: 32, Seed: 5) { ValidationFraction = 0.1 };

    private static readonly Matrix Data = TestData.Blobs(200, 3, 12).Data;

    [Theory]
    [InlineData(ScalingKind.Standardize)]
    [InlineData(ScalingKind.MinMax)]
    [InlineData(ScalingKind.Range)]
    public void The_scaler_fitted_in_one_streamed_pass_is_the_one_fitted_in_memory(ScalingKind kind)
    {
        var inMemory = Scaler.Fit(Data, kind);
        var streamed = Scaler.Fit(new StreamedMatrix(Data), kind);

        Assert.Equal(inMemory.Offset, streamed.Offset);
        Assert.Equal(inMemory.Scale, streamed.Scale);
    }

    [Fact]
    public void Training_on_streamed_rows_is_the_run_on_the_same_rows_in_memory()
    {
        var inMemory = AutoencoderTrainer.Train(Data, Dense, Options);
        var streamed = AutoencoderTrainer.Train(new StreamedMatrix(Data), Dense, Options);

        AssertSameRun(inMemory, streamed);
    }

    [Fact]
    public void A_streamed_run_cancelled_mid_epoch_resumes_from_its_checkpoint_exactly()
    {
        var uninterrupted = AutoencoderTrainer.Train(new StreamedMatrix(Data), Dense, Options);
        TrainingCheckpoint? onShutdown = null;
        using var stop = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() => AutoencoderTrainer.Train(new StreamedMatrix(Data), Dense, Options,
            p => { if (p.Epoch == 3 && p.Batch == 2) stop.Cancel(); }, stop.Token,
            new TrainingCheckpoints { EveryEpochs = 0, Save = c => onShutdown = c, SaveWhenCancelled = () => true }));
        var resumed = AutoencoderTrainer.Train(new StreamedMatrix(Data), Dense, Options,
            checkpoints: new TrainingCheckpoints { Save = _ => { }, ResumeFrom = onShutdown });

        AssertSameRun(uninterrupted, resumed);
    }

    public static TheoryData<string> StreamedClusterings => ["kmeans k 3", "minibatchkmeans k 3", "minibatchkmeans k 2..5", "gmm k 3"];

    /// <summary>
    /// Mini-batch k-means clusters the spilled latent vectors as it reads them (choosing k too); the others read them
    /// into memory first. Either way: the same latent, clusters and scores as the run in memory.
    /// </summary>
    [Theory]
    [MemberData(nameof(StreamedClusterings))]
    public void The_whole_pipeline_on_streamed_rows_matches_the_pipeline_in_memory(string clustering)
    {
        var words = clustering.Split(' ');
        var algorithm = words[0] switch
        {
            "minibatchkmeans" => Clustering.ClusteringAlgorithm.MiniBatchKMeans,
            "gmm" => Clustering.ClusteringAlgorithm.Gmm,
            _ => Clustering.ClusteringAlgorithm.KMeans,
        };
        var ks = words[2].Split("..").Select(int.Parse).ToArray();
        var spec = ks.Length == 1
            ? new Clustering.ClusteringSpec { Algorithm = algorithm, K = ks[0] }
            : new Clustering.ClusteringSpec { Algorithm = algorithm, KRange = new Clustering.KRange(ks[0], ks[1]) };
        var options = new PipelineOptions(Dense, Options, ScalingKind.Standardize, spec);
        var labels = Enumerable.Range(0, Data.Rows).Select(i => (i % 3).ToString()).ToArray();

        using var inMemory = JobPipeline.Run(Data, labels, options);
        using var streamed = JobPipeline.Run(new StreamedMatrix(Data), labels, options);

        Assert.IsType<SpilledRows>(streamed.Latent);
        Assert.Equal(inMemory.Latent.ReadAll().Values, streamed.Latent.ReadAll().Values);
        Assert.Equal(inMemory.Labels, streamed.Labels);
        Assert.Equal(inMemory.Scores, streamed.Scores);
        Assert.Equal(inMemory.Details.KCurve, streamed.Details.KCurve);
        Assert.Equal(inMemory.Centroids.Values, streamed.Centroids.Values);
        Assert.Equal(inMemory.Baseline!.KMeans.Silhouette, streamed.Baseline!.KMeans.Silhouette);
        inMemory.Model.Autoencoder.Dispose();
        streamed.Model.Autoencoder.Dispose();
    }

    [Fact]
    public void Validation_holds_out_the_fraction_asked_for_up_to_its_cap()
    {
        Assert.Equal(20, DataSplit.Create(200, 0.1, 1).Validation.Length);
        var large = DataSplit.Create(5_000_000, 0.1, 1);
        Assert.Equal(DataSplit.MaxValidationRows, large.Validation.Length);
        Assert.Equal(large.Validation.Order().Distinct(), large.Validation);
        Assert.NotEqual(DataSplit.Create(200, 0.1, 2).Validation, DataSplit.Create(200, 0.1, 1).Validation);
    }

    private static void AssertSameRun(TrainingResult expected, TrainingResult actual)
    {
        try
        {
            Assert.Equal(expected.History, actual.History);
            Assert.Equal(ModelInference.Latent(expected.Model, Data).Values, ModelInference.Latent(actual.Model, Data).Values);
        }
        finally
        {
            expected.Model.Dispose();
            actual.Model.Dispose();
        }
    }
}
