using System.Text.Json;
using System.Text.Json.Nodes;
using WebClustering.Api.Hosting;
using WebClustering.Api.Jobs.Planning;
using WebClustering.Core.Clustering;

namespace WebClustering.Api.Tests.Jobs.Planning;

public class ClusteringSpecsTests
{
    private static ClusteringConfig Parse(string json) => JsonSerializer.Deserialize<ClusteringConfig>(json, ApiJson.Options)!;

    [Fact]
    public void Todays_kmeans_configuration_means_the_same_k_means()
    {
        var spec = ClusteringSpecs.Build(Parse("""{"algorithm":"kmeans","k":4,"nInit":3}"""));

        Assert.Equal((ClusteringAlgorithm.KMeans, 4, 3, (KRange?)null), (spec.Algorithm, spec.K, spec.Kmeans.NInit, spec.KRange));
        Assert.Equal(new KMeansSpec { NInit = 3 }, spec.Kmeans);
    }

    [Fact]
    public void Options_go_to_the_chosen_algorithms_block()
    {
        var dbscan = ClusteringSpecs.Build(Parse("""{"algorithm":"dbscan","options":{"eps":0.25,"min_samples":9}}"""));
        var idec = ClusteringSpecs.Build(Parse("""{"algorithm":"idec","k":3,"nInit":2,"options":{"gamma":0.5,"updateInterval":7}}"""));

        Assert.Equal((0.25, 9), (dbscan.Dbscan.Eps, dbscan.Dbscan.MinSamples));
        Assert.Equal((0.5, 7, 2), (idec.Dec.Gamma, idec.Dec.UpdateInterval, idec.Kmeans.NInit));
    }

    [Fact]
    public void The_n2d_preset_is_the_manifold_recipe_with_its_defaults()
    {
        var config = JobPlanner.Resolve(new CreateJobRequest(Guid.Empty, Clustering: Parse("""{"preset":"n2d","k":5}""")), null).Configuration.Clustering;
        var spec = ClusteringSpecs.Build(config);

        Assert.Equal("manifold", config.Algorithm);
        Assert.Equal((ClusteringAlgorithm.Manifold, 5, 20, 0.0, (int?)null), (spec.Algorithm, spec.K, spec.Manifold.NNeighbors, spec.Manifold.MinDist, spec.Manifold.NComponents));
        Assert.Equal(10, spec.Gmm.NInit);
        Assert.Equal(1, ClusteringSpecs.Build(Parse("""{"algorithm":"manifold","k":5}""")).Gmm.NInit);
    }

    [Fact]
    public void An_unknown_option_is_a_json_error_that_names_it()
    {
        var config = new ClusteringConfig("gmm", Options: new JsonObject { ["covariance"] = "diag" });

        var error = Assert.Throws<JsonException>(() => ClusteringSpecs.Build(config));

        Assert.Contains("covariance", error.Message);
    }
}
