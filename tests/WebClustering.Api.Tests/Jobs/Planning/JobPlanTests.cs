using WebClustering.Api.Jobs.Planning;
using WebClustering.Core.Clustering;
using WebClustering.Core.Models;
using WebClustering.Core.Preprocessing;
using WebClustering.Storage.Datasets;

namespace WebClustering.Api.Tests.Jobs.Planning;

public class JobPlanTests
{
    private static readonly DatasetRecord Images = new(Guid.NewGuid(), "shapes", 100, [], null, null, DateTimeOffset.UtcNow, "images", [1, 8, 8]);

    // A configuration as the service stored it before plans: every default written out, hiddenLayers even on conv.
    private const string StoredBeforePlans = """
        {"model":{"kind":"conv","hiddenLayers":[128,64],"latentDim":10,"activation":"relu"},
         "training":{"epochs":50,"batchSize":256,"learningRate":0.001,"optimizer":"adam","seed":0,"preprocessing":"standardize",
                     "nesterov":false,"loss":"mse","validationFraction":0,"missingValues":"refuse"},
         "clustering":{"algorithm":"kmeans","k":10,"nInit":10}}
        """;

    [Fact]
    public void A_configuration_stored_before_plans_still_loads_with_its_old_defaults()
    {
        var plan = JobPlan.Load(StoredBeforePlans, Images);

        Assert.Empty(plan.Choices);
        var conv = Assert.IsType<ConvSpec>(plan.Model);
        Assert.Equal(JobDefaults.ConvEncoder, conv.Encoder);
        // Plans stored before model.init ran with Glorot: they still do (and their hiddenLayers on conv is not re-checked).
        Assert.Equal(WeightInit.XavierUniform, conv.Init);
        Assert.Equal((50, ScalingKind.Standardize, ClusteringAlgorithm.KMeans, 10), (plan.Training.Epochs, plan.Scaling, plan.Clustering.Algorithm, plan.Clustering.K));
    }

    [Fact]
    public void A_plan_round_trips_through_its_stored_form_with_its_choices()
    {
        var (configuration, choices) = JobPlanner.Resolve(new CreateJobRequest(Images.Id, Clustering: new ClusteringConfig(K: 4)), Images);
        var plan = new JobPlan(configuration, choices, Images.Kind, Images.ItemShape);

        var loaded = JobPlan.Load(plan.ToJson(), Images);

        Assert.Equal(plan.ToJson(), loaded.ToJson());
        Assert.Equal(choices.Select(c => c.Field), loaded.Choices.Select(c => c.Field));
        Assert.Equal(plan.Model.InputSize, loaded.Model.InputSize);
    }
}
