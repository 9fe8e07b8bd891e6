using System.Net;
using System.Net.Http.Json;
using WebClustering.Api.Jobs;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Registry;

[Collection(ServiceCollection.Name)]
public sealed class FineTuningTests(ServiceFixture service)
{
    private readonly HttpClient client = service.CreateClient();

    [Fact]
    public async Task Fine_tuning_starts_from_the_parents_weights_and_records_it_in_the_lineage()
    {
        var dataset = await client.NamedDatasetAsync(RegistryClient.UniqueName("tuned"));
        var parentJob = await client.SucceededJobAsync(RegistryClient.QuickJob(dataset.Id, epochs: 40));
        var parent = await client.ModelOfAsync(parentJob.Id);

        var child = await client.SucceededJobAsync(new
        {
            datasetId = dataset.Id,
            training = new { initFrom = parent.Id, epochs = 2, learningRate = 0.001 },
            clustering = new { algorithm = "kmeans", k = 3 },
        });

        // The parent's first epoch is a fresh job's first epoch: same data, architecture and seed, from scratch.
        var parentLosses = (await client.HistoryAsync(parentJob.Id)).Epochs.Select(e => e.TrainingLoss).ToArray();
        double childFirst = (await client.HistoryAsync(child.Id)).Epochs[0].TrainingLoss;
        double freshGap = parentLosses[0] - parentLosses[^1];
        Assert.True(freshGap > 0, $"The parent did not learn: {string.Join(", ", parentLosses)}");
        Assert.True(Math.Abs(childFirst - parentLosses[^1]) < 0.2 * freshGap,
            $"Child's first epoch {childFirst}, parent's last {parentLosses[^1]}, a fresh job's first {parentLosses[0]}.");

        Assert.Equal(parent.Id, child.Configuration.Training.InitFrom);
        Assert.Equal(parent.Configuration.Model.HiddenLayers, child.Configuration.Model.HiddenLayers);
        Assert.Equal(parent.Configuration.Model.LatentDim, child.Configuration.Model.LatentDim);
        Assert.Contains(child.Chosen!, c => c.Field == "model.hiddenLayers" && c.Reason.Contains("parent"));
        Assert.Contains(child.Chosen!, c => c.Field == "training.preprocessing" && c.Reason.Contains("parent"));
        var model = await client.ModelOfAsync(child.Id);
        Assert.Equal((parent.Name, 2), (model.Name, model.Version));
        Assert.Equal(parent.Id, Assert.Single(model.Lineage!).Id);
        // The parent's fitted scaler is reused, so that the two models' latents stay comparable.
        Assert.Equal(parent.FittedPreprocessing!.Offset, model.FittedPreprocessing!.Offset);
    }

    [Fact]
    public async Task A_dataset_or_architecture_that_differs_from_the_parents_is_a_400_naming_it()
    {
        string csv = CsvFiles.Blobs(perCluster: 30, clusters: 3, dims: 8);
        var dataset = await client.NamedDatasetAsync(RegistryClient.UniqueName("base"), csv);
        var parent = await client.TrainedModelAsync(RegistryClient.QuickJob(dataset.Id));
        var renamed = await client.NamedDatasetAsync(RegistryClient.UniqueName("renamed"), csv.Replace(",f3,", ",g3,"));

        var errors = await ErrorsAsync(new { datasetId = renamed.Id, training = new { initFrom = parent.Id } });
        Assert.Contains("Column 4: the dataset has 'g3' where the model has 'f3'", errors["datasetId"]);

        string scaling = parent.Configuration.Training.Preprocessing!;
        string other = scaling == "minmax" ? "standardize" : "minmax";
        errors = await ErrorsAsync(new { datasetId = dataset.Id, model = new { latentDim = 3 }, training = new { initFrom = parent.Id, preprocessing = other } });
        Assert.Contains("latentDim 2, this job asks for 3", errors["model.latentDim"]);
        Assert.Contains($"({scaling})", errors["training.preprocessing"]);

        var unknown = Guid.NewGuid();
        errors = await ErrorsAsync(new { datasetId = dataset.Id, training = new { initFrom = unknown } });
        Assert.Contains(unknown.ToString(), errors["training.initFrom"]);
    }

    private async Task<Dictionary<string, string>> ErrorsAsync(object request)
    {
        var problem = await (await client.PostJobAsync(request)).ShouldBeProblem(HttpStatusCode.BadRequest);
        return problem["errors"]!.AsObject().ToDictionary(p => p.Key, p => string.Join(" ", p.Value!.AsArray().Select(m => m!.GetValue<string>())));
    }
}
